"""An aiohttp web service that shares one CircleCI client across all its requests.

    python examples/web_service.py --fake              # serve on http://127.0.0.1:8080
    python examples/web_service.py --fake --self-test  # serve, hit it 100 times at once, stop

One client per process, created when the app starts and closed when it stops: its connection
pool, rate limiter and cache serve every request handler. CircleCI errors become HTTP answers
in a middleware: 401/403/404 pass through, bad input is a 400, anything else a 502.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
from _support import client, parser
from aiohttp import web

from circleci_async import APIStatusError, CircleCI, CircleCIError, HTTPCache

CCI = web.AppKey("cci", CircleCI)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def circleci_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn the client's typed errors into JSON answers."""
    try:
        return await handler(request)
    except APIStatusError as exc:
        status = exc.status if exc.status in (401, 403, 404) else 502
        return web.json_response({"error": exc.message}, status=status)
    except ValueError as exc:  # bad input, rejected by the client before any request
        return web.json_response({"error": str(exc)}, status=400)
    except CircleCIError as exc:  # network trouble, retries exhausted, undecodable answer
        return web.json_response({"error": str(exc)}, status=502)


async def me(request: web.Request) -> web.Response:
    """GET /me: who the service's token belongs to."""
    user = await request.app[CCI].users.me()
    return web.json_response({"login": user.login, "name": user.name})


async def pipelines(request: web.Request) -> web.Response:
    """GET /projects/{vcs}/{org}/{repo}/pipelines?branch=&limit=: recent pipelines."""
    slug = "{vcs}/{org}/{repo}".format_map(request.match_info)
    limit = min(int(request.query.get("limit", "10")), 100)
    pager = request.app[CCI].pipelines.list(slug, branch=request.query.get("branch"))
    items = await pager.collect(limit=limit)
    return web.json_response(
        [
            {
                "number": p.number,
                "state": p.state,
                "branch": p.vcs.branch if p.vcs else None,
                "created_at": p.created_at.isoformat() if p.created_at else None,
            }
            for p in items
        ]
    )


def make_app(fake: bool) -> web.Application:
    """The service: one shared client for the app's whole life."""

    async def circleci_client(app: web.Application) -> AsyncIterator[None]:
        # The cache answers repeated GETs (``/me`` is fresh for a minute) without a request.
        async with client(fake, cache=HTTPCache()) as cci:
            app[CCI] = cci
            yield

    app = web.Application(middlewares=[circleci_errors])
    app.cleanup_ctx.append(circleci_client)
    app.router.add_get("/me", me)
    app.router.add_get("/projects/{vcs}/{org}/{repo}/pipelines", pipelines)
    return app


async def self_test(fake: bool) -> int:
    """Serve on a free port, send 100 concurrent requests and two bad ones, check answers."""
    runner = web.AppRunner(make_app(fake))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:

            async def get(path: str) -> int:
                async with http.get(base + path) as resp:
                    await resp.read()
                    return resp.status

            await get("/me")  # now cached: the 50 /me below are answered from memory
            paths = ["/me", "/projects/gh/acme/api/pipelines?limit=5"] * 50
            statuses = await asyncio.gather(*(get(p) for p in paths))
            ok = statuses.count(200)
            print(f"{ok}/{len(paths)} requests answered 200 by one shared client")
            unknown = await get("/projects/gh/acme/no-such-repo/pipelines")
            print(f"unknown project -> {unknown}")
            bad = await get("/projects/svn/acme/api/pipelines")
            print(f"bad project slug -> {bad}")
    finally:
        await runner.cleanup()
    return 0 if ok == len(paths) and unknown == 404 and bad == 400 else 1


def main() -> int:
    """Serve until interrupted, or run the self-test."""
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--self-test", action="store_true", help="serve, check, stop")
    args = p.parse_args()
    if args.self_test:
        return asyncio.run(self_test(args.fake))
    web.run_app(make_app(args.fake), host="127.0.0.1", port=args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
