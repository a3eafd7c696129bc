"""The Calendar area: day, work week, week and month views with a mini month navigator, and
the task list beside them. Every change goes through a service and is announced on the change
bus; moves and new activities go on the window's undo stack."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QCalendarWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import RapportError
from desktop.models import formats
from desktop.models.calendar_model import CalendarModel
from desktop.services import (
    activities,
    activity_moves,
    activity_queries,
    recurrence,
)
from desktop.services.activity_values import ActivityDraft, Occurrence
from desktop.services.changes import Changes
from desktop.store.database import Database
from desktop.store.entities import utcnow
from desktop.views.activity_commands import MoveActivityCommand, ScheduleActivityCommand
from desktop.views.calendar_day_week import DayWeekView
from desktop.views.calendar_month import MonthView
from desktop.views.calendar_occurrence_menu import occurrence_menu
from desktop.views.calendar_range import range_title, visible_range
from desktop.views.calendar_time_grid import DEFAULT_WORK_DAY
from desktop.views.change_bus import ChangeBus
from desktop.views.complete_dialog import CompleteDialog, open_complete_dialog
from desktop.views.ics_import_runner import IcsImportRunner
from desktop.views.schedule_dialog import ScheduleDialog
from desktop.views.settings import Settings
from desktop.views.task_list_view import TaskListView

if TYPE_CHECKING:
    from desktop.views.areas import AreaContext

MODES = (("day", "Day"), ("work_week", "Work week"), ("week", "Week"), ("month", "Month"))


class CalendarView(QWidget):
    #: (activity id, original start or None) after the schedule/edit dialog stored it
    activity_saved = Signal(int)

    def __init__(
        self,
        db: Database,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        tzid: str | None = None,
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.bus, self.undo_stack = db, bus, undo_stack
        #: the user's work hours (None: the declared defaults, as in a test's bare calendar)
        self.settings = settings
        self.tzid = tzid or recurrence.local_zone_name()
        self.tz: tzinfo = recurrence.zone(self.tzid)
        self.types = activities.activity_types(db)
        self.model = CalendarModel(db, self.tz, self)
        bus.changed.connect(self.model.on_changed)
        bus.changed.connect(self._on_bus_changed)
        self.mode = "week"
        self.current = self.today()

        self.day_week = DayWeekView(self.model)
        self.month = MonthView(self.model)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.day_week)
        self.stack.addWidget(self.month)
        self.navigator = QCalendarWidget()
        self.navigator.setGridVisible(False)
        self.navigator.setVerticalHeaderFormat(
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader
        )
        self.navigator.setMaximumWidth(260)
        self.navigator.clicked.connect(self._on_navigator_clicked)

        self.title = QLabel()
        self.title.setObjectName("calendar_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.title.setFont(font)
        self.new_button = QPushButton(self.tr("New activity…"))
        self.new_button.clicked.connect(self._on_new_clicked)
        self.import_button = QPushButton(self.tr("Import .ics…"))
        self.import_button.clicked.connect(self._on_import_clicked)
        self.today_button = QPushButton(self.tr("Today"))
        self.today_button.clicked.connect(self._on_today_clicked)
        previous, following = QToolButton(), QToolButton()
        previous.setArrowType(Qt.ArrowType.LeftArrow)
        following.setArrowType(Qt.ArrowType.RightArrow)
        previous.clicked.connect(self.go_previous)
        following.clicked.connect(self.go_next)
        self.mode_buttons = QButtonGroup(self)
        bar = QHBoxLayout()
        for widget in (self.new_button, self.today_button, previous, following, self.title):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.import_button)
        for key, label in MODES:
            button = QPushButton(self.tr(label))
            button.setCheckable(True)
            button.setObjectName(f"mode_{key}")
            button.setChecked(key == self.mode)
            button.clicked.connect(lambda _=False, k=key: self.set_mode(k))
            self.mode_buttons.addButton(button)
            bar.addWidget(button)

        left = QVBoxLayout()
        left.addWidget(self.navigator)
        left.addStretch(1)
        left_panel = QWidget()
        left_panel.setLayout(left)
        splitter = QSplitter()
        splitter.addWidget(left_panel)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        calendar_page = QWidget()
        page = QVBoxLayout(calendar_page)
        page.addLayout(bar)
        page.addWidget(splitter, 1)
        self.tasks = TaskListView(db, bus, self.types, self.tz)
        self.tasks.complete_requested.connect(self._on_task_complete_requested)
        self.tasks.open_requested.connect(self.open_activity)
        self.tabs = QTabWidget()
        self.tabs.addTab(calendar_page, self.tr("Calendar"))
        self.tabs.addTab(self.tasks, self.tr("Task list"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        for view in (self.day_week.grid, self.day_week.band, self.month):
            view.occurrence_activated.connect(self._on_occurrence_activated)
            view.context_requested.connect(self._on_context_requested)
        if db.readonly:
            # a read-only window (issue 15.9): activities open to be read, nothing is offered
            # that the database would refuse
            for button in (self.new_button, self.import_button):
                button.setEnabled(False)
            self.day_week.grid.movable = False
        else:
            self.day_week.grid.occurrence_moved.connect(self._on_occurrence_moved)
            self.day_week.grid.slot_activated.connect(self.new_activity)
            self.day_week.band.day_activated.connect(self._on_band_day_activated)
        self.month.day_activated.connect(self._on_month_day_activated)
        # Alt+arrows like Back/Forward; plain PageUp/PageDown stay with the tables.
        for keys, slot in (
            ("Alt+Left", self.go_previous),
            ("Alt+Right", self.go_next),
            ("Alt+Home", self._on_today_clicked),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._apply_preferences()
        self._show()
        # an hour before the working day, so its first appointments are in sight
        self.day_week.scroll_to_hour(max(self.day_week.grid.work_day[0] // 60 - 1, 0))

    @classmethod
    def for_area(cls, context: AreaContext) -> CalendarView:
        """The factory the window's area registry calls."""
        return cls(context.db, context.bus, context.undo_stack, settings=context.settings)

    def _apply_preferences(self) -> None:
        """The working day and the week's first day as Preferences has them now."""
        start, end = DEFAULT_WORK_DAY
        if self.settings is not None:
            start, end = self.settings.work_day_start, self.settings.work_day_end
        start = min(max(start, 0), 24 * 60)
        self.day_week.grid.work_day = (start, min(max(end, start), 24 * 60))
        self.navigator.setFirstDayOfWeek(formats.first_day_of_week())

    @Slot(object)
    def _on_bus_changed(self, changes: Changes) -> None:
        # 'everything' follows Preferences (and a restore): redraw with the user's choices
        if changes.all:
            self._apply_preferences()
            self._show()

    # -- navigation ---------------------------------------------------------------------------

    def today(self) -> date:
        return recurrence.to_local(utcnow(), self.tz).date()

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        for button in self.mode_buttons.buttons():
            button.setChecked(button.objectName() == f"mode_{mode}")
        self._show()

    def go_to(self, day: date) -> None:
        self.current = day
        self._show()

    @Slot()
    def go_previous(self) -> None:
        self.go_to(self._step(-1))

    @Slot()
    def go_next(self) -> None:
        self.go_to(self._step(1))

    def _step(self, sign: int) -> date:
        if self.mode == "month":
            month = self.current.month - 1 + sign
            return date(self.current.year + month // 12, month % 12 + 1, 1)
        return self.current + timedelta(days=sign * (1 if self.mode == "day" else 7))

    def visible_range(self) -> tuple[date, int]:
        """First day shown and how many days."""
        return visible_range(self.mode, self.current)

    def _show(self) -> None:
        first, days = self.visible_range()
        today = self.today()
        self.model.set_range(first, first + timedelta(days=days))
        if self.mode == "month":
            self.month.set_month(first, self.current.month, today)
            self.stack.setCurrentWidget(self.month)
        else:
            self.day_week.set_days(first, days, today)
            self.stack.setCurrentWidget(self.day_week)
        self.title.setText(range_title(self.mode, self.current, first, days))
        self.navigator.setSelectedDate(QDate(self.current))

    @Slot(QDate)
    def _on_navigator_clicked(self, day: QDate) -> None:
        self.go_to(day.toPython())

    @Slot()
    def _on_today_clicked(self) -> None:
        self.go_to(self.today())

    @Slot(object)
    def _on_month_day_activated(self, day: date) -> None:
        self.current = day
        self.set_mode("day")

    @Slot(object)
    def _on_band_day_activated(self, day: date) -> None:
        dialog = self.new_activity(datetime.combine(day, time(9)))
        dialog.all_day.setChecked(True)

    # -- .ics import ----------------------------------------------------------------------------

    @classmethod
    def ask_ics_file(cls, parent: QWidget) -> Path | None:
        """The file the user picked, or None; tests replace this."""
        name, _ = QFileDialog.getOpenFileName(
            parent, parent.tr("Import calendar"), "", parent.tr("iCalendar files (*.ics)")
        )
        return Path(name) if name else None

    @Slot()
    def _on_import_clicked(self) -> None:
        path = self.ask_ics_file(self)
        if path is not None:
            self.import_calendar(path)

    def import_calendar(self, path: Path) -> IcsImportRunner:
        """Import on a worker thread; the summary (every skipped event named) shows after."""
        runner = IcsImportRunner(self.db, self.bus, path, self)
        self.import_button.setEnabled(False)
        runner.finished.connect(lambda _outcome: self.import_button.setEnabled(True))
        runner.start()
        return runner

    # -- scheduling and editing --------------------------------------------------------------

    @Slot()
    def _on_new_clicked(self) -> None:
        self.new_activity(None)

    @Slot(object)
    def new_activity(self, start: datetime | None = None) -> ScheduleDialog:
        """Open the schedule dialog (non-modal: the calendar stays usable) at `start` local."""
        dialog = ScheduleDialog(self.db, self.types, self.tz, self.tzid, self._schedule, self)
        if start is not None:
            dialog.set_start(start)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _schedule(self, draft: ActivityDraft) -> None:
        command = ScheduleActivityCommand.scheduled(self.db, self.bus, draft)
        self.undo_stack.push(command)
        self.activity_saved.emit(command.activity_id)

    @classmethod
    def ask_scope(cls, parent: QWidget, subject: str) -> str | None:
        """'occurrence', 'series' or None (cancelled); tests replace this."""
        box = QMessageBox(parent)
        box.setWindowTitle(subject)
        box.setText(
            parent.tr("'{}' repeats. Open this occurrence or the whole series?").format(subject)
        )
        one = box.addButton(parent.tr("This occurrence"), QMessageBox.ButtonRole.AcceptRole)
        series = box.addButton(parent.tr("The whole series"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return "occurrence" if clicked is one else "series" if clicked is series else None

    def edit_activity(
        self, activity_id: int, occurrence: Occurrence | None
    ) -> ScheduleDialog | None:
        info = activities.get_activity(self.db, activity_id)
        only_one = False
        if occurrence is not None and occurrence.recurring:
            scope = self.ask_scope(self, occurrence.subject)
            if scope is None:
                return None
            only_one = scope == "occurrence"

        def submit(draft: ActivityDraft) -> None:
            if only_one and occurrence is not None and occurrence.original_start is not None:
                start = draft.starts_at or activities.day_start(draft.start_date or date.today())
                end = draft.ends_at or activities.day_start(draft.end_date or date.today())
                activity_moves.edit_occurrence(
                    self.db, activity_id, occurrence.original_start, start, end, draft.subject
                )
            else:
                activities.update_activity(self.db, activity_id, draft, info.version)
            self.bus.announce(Changes.of(activities=[activity_id], contacts=draft.contact_ids))
            self.activity_saved.emit(activity_id)

        dialog = ScheduleDialog(self.db, self.types, self.tz, self.tzid, submit, self,
                                exclude_id=activity_id, occurrence_only=only_one)  # fmt: skip
        dialog.setWindowTitle(self.tr("Edit activity"))
        dialog.load(info.draft, info.contact_names)
        if self.db.readonly:
            dialog.set_read_only()
        if only_one and occurrence is not None:
            if occurrence.all_day:
                dialog.set_start(occurrence.start)
            else:
                minutes = int((occurrence.end - occurrence.start).total_seconds() // 60)
                dialog.set_start(recurrence.to_local(occurrence.start, self.tz), minutes)
            dialog.subject.setText(occurrence.subject)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_activity(
        self, activity_id: int, original_start: datetime | None
    ) -> ScheduleDialog | None:
        """Open an activity from elsewhere (a reminder): one occurrence of a series asks
        'this occurrence or the whole series' as a double-click on the calendar does."""
        occurrence = None
        if original_start is not None:
            occurrence = activity_queries.find_occurrence(
                self.db, activity_id, original_start, self.tz
            )
        return self.edit_activity(activity_id, occurrence)

    @Slot(int)
    def _on_occurrence_activated(self, row: int) -> None:
        o = self.model.entry(row).occurrence
        self.edit_activity(o.activity_id, o)

    @Slot(int, object, object)
    def _on_occurrence_moved(self, row: int, start: datetime, end: datetime) -> None:
        o = self.model.entry(row).occurrence
        if not o.all_day:
            start, end = recurrence.to_utc(start, self.tz), recurrence.to_utc(end, self.tz)
        try:
            command = MoveActivityCommand.moved(self.db, self.bus, o.activity_id, o.original_start,
                                                start, end, f"Move '{o.subject}'")  # fmt: skip
        except RapportError as exc:
            QMessageBox.warning(self, self.tr("Move"), str(exc))
            self.model.refresh()
            return
        self.undo_stack.push(command)

    # -- completing -----------------------------------------------------------------------------

    def complete_activity(
        self, activity_id: int, occurrence: Occurrence | None = None
    ) -> CompleteDialog:
        original = occurrence.original_start if occurrence is not None else None
        return open_complete_dialog(
            self, self.db, self.bus, self.undo_stack, activity_id, self.tz, original
        )

    @Slot(int, object)
    def _on_task_complete_requested(self, activity_id: int, original: datetime | None) -> None:
        open_complete_dialog(
            self, self.db, self.bus, self.undo_stack, activity_id, self.tz, original
        )

    @Slot(int, QPoint)
    def _on_context_requested(self, row: int, where: QPoint) -> None:
        occurrence_menu(self, self.model.entry(row).occurrence).popup(where)
