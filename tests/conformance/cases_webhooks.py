"""Conformance cases: Webhook."""

from __future__ import annotations

from circleci_async.models.v2.webhooks import WebhookEvent

PROJECT_ID = "39723015-b399-4601-9ff6-bd1bfbed8fa8"
WEBHOOK_ID = "bbea3a3d-4686-48b6-8d2d-2a14ace3913c"

CASES = {
    "getWebhooks": lambda c: c.webhooks.list(scope_id=PROJECT_ID).collect(max_pages=1),
    "createWebhook": lambda c: c.webhooks.create(
        name="notify",
        url="https://hooks.example.com/circleci",
        events=[WebhookEvent.WORKFLOW_COMPLETED, WebhookEvent.JOB_COMPLETED],
        scope={"id": PROJECT_ID, "type": "project"},
        signing_secret="s3cr3t",
        verify_tls=True,
    ),
    "getWebhookById": lambda c: c.webhooks.get(WEBHOOK_ID),
    "updateWebhook": lambda c: c.webhooks.update(
        WEBHOOK_ID, name="notify-2", events=["job-completed"], verify_tls=False
    ),
    "deleteWebhook": lambda c: c.webhooks.delete(WEBHOOK_ID),
}
