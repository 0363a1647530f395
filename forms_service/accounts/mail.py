"""Sign-in links by e-mail, through the outbox, when a mail server is configured.

The message is written in the transaction that stores the link, so a link
exists exactly when its e-mail is on its way; its idempotency key comes from
the link's digest.
"""

from __future__ import annotations

import html

from forms_service.db import Database
from forms_service.i18n import N_, translate
from forms_service.outbox.queue import enqueue

__all__ = ["queue_sign_in_mail"]

SUBJECT = N_("Your Phiếu sign-in link")
BODY = N_("Open this link to sign in to Phiếu. It works once, within {minutes} minutes:\n\n"
          "{url}\n\nIf you did not ask for it, ignore this message.")


async def queue_sign_in_mail(db: Database, *, email: str, url: str, minutes: int,
                             locale: str, link_digest: str) -> None:
    text = translate(locale, BODY, url=url, minutes=minutes)
    body = "".join(f"<p>{html.escape(part).replace(html.escape(url), _anchor(url))}</p>"
                   for part in text.split("\n\n"))
    await enqueue(db, channel="email", kind="sign_in_link", key=f"sign-in-{link_digest[:48]}",
                  payload={"to": email, "subject": translate(locale, SUBJECT), "text": text,
                           "html": body})


def _anchor(url: str) -> str:
    escaped = html.escape(url)
    return f'<a href="{escaped}">{escaped}</a>'
