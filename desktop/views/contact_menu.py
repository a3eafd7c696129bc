"""The Contacts entries of the menu bar (registered in menu_commands.MENU_COMMANDS).

The keys themselves belong to the contacts view (active while it has the focus), so that
Ctrl+F in another area stays that area's; the menu lists them after a tab, which Qt shows in
the shortcut column without binding the key a second time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.views.areas import AreaContext
    from desktop.views.contacts_view import ContactsView


def _view(context: AreaContext) -> ContactsView:
    from desktop.views.contacts_view import ContactsView

    view = context.window.show_area("contacts")
    assert isinstance(view, ContactsView)
    return view


def new_contact(context: AreaContext) -> None:
    _view(context).new_contact()


def find_contact(context: AreaContext) -> None:
    _view(context).filters.focus_search()


def save_contact(context: AreaContext) -> None:
    _view(context).card.save()


def delete_contacts(context: AreaContext) -> None:
    _view(context).delete_selected()


def add_to_group(context: AreaContext) -> None:
    _view(context).add_selected_to_group()


def tag_contacts(context: AreaContext) -> None:
    _view(context).tag_selected()
