"""What Rapport writes into an .ics beyond RFC 5545, and reads back: one place for the names.

Other calendars keep X- properties they do not know and ignore them, so an activity that
travels out and back keeps its status, result and owner. To-dos also say their state the
standard way (VTODO STATUS and COMPLETED) for other programs.
"""

from __future__ import annotations

from desktop.store.entities import ActivityStatus

STATUS = "X-RAPPORT-STATUS"
RESULT = "X-RAPPORT-RESULT"
OWNER = "X-RAPPORT-OWNER"
#: when it was done or cleared (VEVENT has no COMPLETED of its own)
COMPLETED = "X-RAPPORT-COMPLETED"
#: our three priorities exactly (PRIORITY's 1-9 is read back as high/normal/low)
PRIORITY = "X-RAPPORT-PRIORITY"

#: our status -> a VTODO's STATUS
TODO_STATUS = {
    ActivityStatus.OPEN: "NEEDS-ACTION",
    ActivityStatus.DONE: "COMPLETED",
    ActivityStatus.CLEARED: "CANCELLED",
}
#: a VTODO's or VEVENT's STATUS -> our status, where another program said it
STATUS_FROM_ICS = {
    "COMPLETED": ActivityStatus.DONE,
    "CANCELLED": ActivityStatus.CLEARED,
}
