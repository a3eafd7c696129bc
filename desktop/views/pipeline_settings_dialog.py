"""Pipeline settings: add, rename, reorder and remove stages, each with its default
probability. Every change is saved at once through desktop.services.pipeline; removing a stage
that holds deals asks where they should go (`ask_target`, which tests replace)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import RapportError
from desktop.services.changes import Changes
from desktop.services.pipeline import (
    StageRow,
    add_stage,
    list_stages,
    remove_stage,
    rename_stage,
    reorder_stages,
    set_default_probability,
)
from desktop.store.database import Database


class PipelineSettingsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pipeline stages")
        self._db = db
        self.changes = Changes()
        # A handful of stages edited in place: a list widget is the form here, not a data view.
        self.stages = QListWidget(objectName="stages")
        self.probability = QSpinBox(objectName="probability", minimum=0, maximum=100, suffix=" %")
        self.problem = QLabel(objectName="problem")
        self.problem.setStyleSheet("color: #c0392b")
        self.problem.setWordWrap(True)
        buttons = QGridLayout()
        for column, (label, slot) in enumerate(
            (
                ("Add…", self._on_add_clicked),
                ("Rename…", self._on_rename_clicked),
                ("Up", self._on_up_clicked),
                ("Down", self._on_down_clicked),
                ("Remove", self._on_remove_clicked),
            )
        ):
            button = QPushButton(label, objectName=label.strip("…").lower())
            button.clicked.connect(slot)
            buttons.addWidget(button, 0, column)
        buttons.addWidget(QLabel("Default probability"), 1, 0, 1, 2)
        buttons.addWidget(self.probability, 1, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stages)
        layout.addLayout(buttons)
        layout.addWidget(self.problem)
        layout.addWidget(close)
        self.stages.currentRowChanged.connect(self._on_current_row_changed)
        self.probability.editingFinished.connect(self._on_probability_editing_finished)
        self._reload()

    @classmethod
    def edit(cls, db: Database, parent: QWidget | None) -> Changes:
        dialog = cls(db, parent)
        dialog.exec()
        return dialog.changes

    # -- hooks tests replace ---------------------------------------------------------------------

    @classmethod
    def ask_text(cls, parent: QWidget, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(parent, title, label, text=text)
        return value if ok else None

    @classmethod
    def ask_target(cls, parent: QWidget, stage: StageRow, others: list[StageRow]) -> int | None:
        """The stage that takes the deals of `stage`, or None to keep it."""
        names = [s.name for s in others]
        noun = "deal" if stage.deal_count == 1 else "deals"
        name, ok = QInputDialog.getItem(
            parent,
            "Remove stage",
            f"'{stage.name}' holds {stage.deal_count} {noun}. Move them to:",
            names,
            0,
            False,
        )
        return others[names.index(name)].id if ok else None

    # -- state -----------------------------------------------------------------------------------

    def _reload(self, select_id: int | None = None) -> None:
        self._rows = list_stages(self._db)
        self.stages.clear()
        for stage in self._rows:
            item = QListWidgetItem(
                f"{stage.name} — {stage.default_probability} % — {stage.deal_count} deals"
            )
            self.stages.addItem(item)
        ids = [s.id for s in self._rows]
        self.stages.setCurrentRow(ids.index(select_id) if select_id in ids else 0)

    def _current(self) -> StageRow | None:
        row = self.stages.currentRow()
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _run(self, step: Callable[[], object]) -> bool:
        try:
            step()
        except RapportError as exc:
            self.problem.setText(str(exc))
            return False
        self.problem.clear()
        return True

    # -- slots -----------------------------------------------------------------------------------

    @Slot(int)
    def _on_current_row_changed(self, _row: int) -> None:
        stage = self._current()
        if stage is not None:
            self.probability.setValue(stage.default_probability)

    @Slot()
    def _on_probability_editing_finished(self) -> None:
        stage = self._current()
        if stage is not None and stage.default_probability != self.probability.value():
            value = self.probability.value()
            if self._run(lambda: set_default_probability(self._db, stage.id, value)):
                self._reload(stage.id)

    @Slot()
    def _on_add_clicked(self) -> None:
        name = self.ask_text(self, "Add stage", "Name of the new stage:")
        if name is None:
            return
        added: list[StageRow] = []
        probability = self.probability.value()
        if self._run(lambda: added.append(add_stage(self._db, name, probability))):
            self._reload(added[0].id)

    @Slot()
    def _on_rename_clicked(self) -> None:
        stage = self._current()
        if stage is None:
            return
        name = self.ask_text(self, "Rename stage", "New name:", stage.name)
        if name is not None and self._run(lambda: rename_stage(self._db, stage.id, name)):
            self._reload(stage.id)

    def _shift(self, step: int) -> None:
        row = self.stages.currentRow()
        ids = [s.id for s in self._rows]
        if not 0 <= row + step < len(ids):
            return
        ids[row], ids[row + step] = ids[row + step], ids[row]
        if self._run(lambda: reorder_stages(self._db, ids)):
            self._reload(ids[row + step])

    @Slot()
    def _on_up_clicked(self) -> None:
        self._shift(-1)

    @Slot()
    def _on_down_clicked(self) -> None:
        self._shift(1)

    @Slot()
    def _on_remove_clicked(self) -> None:
        stage = self._current()
        if stage is None:
            return
        target: int | None = None
        if stage.deal_count:
            others = [s for s in self._rows if s.id != stage.id]
            target = self.ask_target(self, stage, others)
            if target is None:
                return
        moved: list[Changes] = []
        if self._run(lambda: moved.append(remove_stage(self._db, stage.id, target))):
            self.changes = self.changes | moved[0]
            self._reload(target)
