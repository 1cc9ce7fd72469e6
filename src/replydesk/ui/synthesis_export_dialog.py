"""What the secretariat sets before the synthesis report is written: its title and whether it has the annex.

The title opens the report's body exactly as typed ("2015 REPORT"); both are remembered per form
and year (QSettings), so the next export of the same synthesis starts from them.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from replydesk.documents.secretariat.synthesis_docx import ReportOptions


class SynthesisExportDialog(QDialog):
    """The report's title and annex, asked once the file is chosen."""

    def __init__(self, form_id: str, year: int, default_title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("synthesisExportDialog")
        self.setWindowTitle("Export synthesis report")
        self._key = f"synthesis/{form_id}/{year}"
        settings = QSettings()
        self.title = QLineEdit(str(settings.value(f"{self._key}/title", default_title)), self)
        self.title.setObjectName("reportTitle")
        self.title.setAccessibleName("Title of the report")
        self.title.selectAll()
        self.annex = QCheckBox("Add the &annex (the table of actions by member)", self)
        self.annex.setObjectName("reportAnnex")
        self.annex.setChecked(settings.value(f"{self._key}/annex", False, type=bool))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow("&Title:", self.title)
        layout.addRow("", self.annex)
        layout.addRow(buttons)
        self.resize(520, self.sizeHint().height())

    def accept(self) -> None:
        settings = QSettings()
        settings.setValue(f"{self._key}/title", self.title.text().strip())
        settings.setValue(f"{self._key}/annex", self.annex.isChecked())
        super().accept()

    def options(self) -> ReportOptions:
        return ReportOptions(title=self.title.text().strip(), annex=self.annex.isChecked())
