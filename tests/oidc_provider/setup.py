"""Prepare the test provider's database: its tables, an RSA signing key,
the workbench as a client, and the people of `claims.PEOPLE`.

python -m tests.oidc_provider.setup CLIENT_ID CLIENT_SECRET REDIRECT_URI LOGOUT_URI PASSWORD
(with DJANGO_SETTINGS_MODULE=tests.oidc_provider.settings)."""

import sys

import django


def main(client_id, client_secret, redirect_uri, logout_uri, password):
    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    from .claims import PEOPLE

    call_command("migrate", verbosity=0)
    call_command("creatersakey")
    client = Client.objects.create(
        name="MED-arbejdsbordet",
        client_type="confidential",
        client_id=client_id,
        client_secret=client_secret,
        jwt_alg="RS256",
        require_consent=False,
        _redirect_uris=redirect_uri,
        _post_logout_redirect_uris=logout_uri,
        _scope="openid email profile kommune",
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    for username in PEOPLE:
        first, last = username.split("-")
        User.objects.create_user(
            username,
            email=f"{username}@{last}.example",
            password=password,
            first_name=first.upper(),
            last_name=last.title(),
        )


if __name__ == "__main__":
    main(*sys.argv[1:])
