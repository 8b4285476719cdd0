"""Admin screens for the administrator role: units, aliases and memberships."""

from __future__ import annotations

from django.contrib import admin

from phongthu.org.models import Membership, OrgUnit, OrgUnitAlias


class AliasInline(admin.TabularInline):
    model = OrgUnitAlias
    fields = ["alias"]
    extra = 0
    readonly_fields = ["alias"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "is_sample"]
    list_filter = ["kind", "is_sample"]
    search_fields = ["name", "short_name", "code"]
    readonly_fields = ["path"]
    inlines = [AliasInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "position"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
