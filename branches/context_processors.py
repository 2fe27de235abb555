from .policy import manages_roles


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_can_manage_roles": manages_roles(user)}
