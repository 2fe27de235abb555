from .models import is_plain_member, user_roles
from .policy import manages_roles


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_can_manage_roles": manages_roles(user),
        # The organisation's pages are for those who hold a role; a member sees their own page.
        "nav_staff": user.is_superuser or bool(user_roles(user)),
        "nav_member": is_plain_member(user),
    }
