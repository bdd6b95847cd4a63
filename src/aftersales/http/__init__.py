"""What every area's routes and pages stand on: the request's transaction, clock, language,
signed-in actor, page rendering, form tokens, idempotency keys and rate limits.

It sits below every area, so each area can hold its own JSON routes and pages; it knows no
area: the sign-in lookup is given by the app (`app.state.signin`), the template folders are
found beside the areas (`<area>/templates/<area>/…`), and the areas register the words their
templates use (`register_words`, `register_globals`).
"""
