"""Dialogs: each is a ModalScreen that dismisses with what the reviewer chose (or None)."""
