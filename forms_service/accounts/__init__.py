"""People who sign in to the server-rendered workspace pages.

``service`` creates people and checks passwords, ``sessions`` keeps
session cookies, one-time links and the sign-in throttle, ``web`` is what
page handlers use (the ``signed_in`` dependency, CSRF, ``render_page``),
``controller`` serves the sign-in, sign-out and account pages.
"""

__all__: list[str] = []
