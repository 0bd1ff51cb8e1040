"""What the test provider says about its people: the standard claims, and
(scope "kommune") the municipality's code and the person's groups."""

from oidc_provider.lib.claims import ScopeClaims

# username at the provider → (kommunekode, groups)
PEOPLE = {
    "sso-fjordby": ("901", ["MED-projektledere"]),
    "sso-inviteret": ("901", []),
    "sso-nabo": ("902", []),  # a municipality the workbench has, not configured for SSO
    "sso-ukendt": ("999", []),  # a municipality the workbench does not know
}


def userinfo(claims, user):
    claims.update(
        given_name=user.first_name,
        family_name=user.last_name,
        name=user.get_full_name(),
        preferred_username=user.username,
        email=user.email,
        email_verified=True,
    )
    return claims


class MunicipalityClaims(ScopeClaims):
    info_kommune = ("Kommune", "Din kommune og dine grupper.")

    def scope_kommune(self):
        code, groups = PEOPLE.get(self.user.username, ("", []))
        return {"kommunekode": code, "groups": groups}
