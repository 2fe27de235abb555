from .models import RoleAssignment
from .policy import has_role


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_can_manage_roles": has_role(user, RoleAssignment.Role.ADMIN)}
