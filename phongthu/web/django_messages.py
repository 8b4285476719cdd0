"""Django's own messages that people read, listed so our catalogue can word them.

Django's Vietnamese catalogue lacks some of them (Django 6 reworded the "password too
short" message and the catalogue has not caught up, so it showed in English) and words
others awkwardly. The shell's catalogue (phongthu/locale, in LOCALE_PATHS) is merged
last and so wins over Django's: a msgid listed here and translated there replaces
Django's wording everywhere, in our pages and in the admin alike.

`make messages` runs with --no-obsolete and keeps only msgids it finds in our source;
this module is where it finds these. Nothing imports it at run time.
tests/web/test_django_messages.py checks that every string here is translated and
that Django's password and auth-form messages all come out Vietnamese.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

# django.contrib.auth: the password validators (AUTH_PASSWORD_VALIDATORS), the forms
# of log-in and password change, and the user fields the validators name.
AUTH = (
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Password confirmation"),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    ),
    gettext_noop("This account is inactive."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Reset password"),
    gettext_noop("Set password"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Email"),
    gettext_noop("New password"),
    gettext_noop("New password confirmation"),
    gettext_noop("Old password"),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, "
        "they may still be able to authenticate using other backends, such as Single Sign-On "
        "or LDAP."
    ),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("username"),
    gettext_noop("first name"),
    gettext_noop("last name"),
    gettext_noop("email address"),
)

AUTH_PLURALS = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        8,
    ),
)

# django.forms: the messages of form fields and their validators.
FORMS = (
    # The first, empty choice of a drop-down list.
    gettext_noop("- Select an option -"),
)
