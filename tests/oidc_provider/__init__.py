"""A real OpenID provider for the single sign-on tests (django-oidc-provider
in a process of its own, on 127.0.0.1, with its own SQLite database): see
`provider.py` for starting it, `settings.py` for what it is."""
