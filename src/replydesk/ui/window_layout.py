"""The window's size, place and layout: remembered per screen size, and the first start's.

``WindowLayout`` is a QObject that restores and saves the window's geometry, docks and splitter in
QSettings, per screen size ("window/geometry/1024x700"): a window closed on a laptop does not reopen small
in a corner of a large monitor, with a navigator sized for the laptop; a restored geometry is never larger
than the screen nor off it. Writing comes first: the navigator and the docks start narrow and the question
pane gets the most.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, QSettings, Qt, QTimer
from PySide6.QtWidgets import QTabBar

if TYPE_CHECKING:
    from replydesk.ui.main_window import MainWindow


def screen_key(window, what: str = "geometry") -> str:
    """The settings key of the geometry (or docks' "state", or "splitter") for the screen the window is on
    ("window/geometry/1366x768"): a layout set on a laptop is not forced on a monitor, nor the other way."""
    screen = window.screen()
    size = screen.availableGeometry().size() if screen is not None else None
    return f"window/{what}/{size.width()}x{size.height()}" if size is not None else f"window/{what}"


def fitted(frame: QRect, room: QRect) -> QRect:
    """The frame, no larger than the room and moved wholly into it."""
    width, height = min(frame.width(), room.width()), min(frame.height(), room.height())
    left = max(room.left(), min(frame.left(), room.right() + 1 - width))
    top = max(room.top(), min(frame.top(), room.bottom() + 1 - height))
    return QRect(left, top, width, height)


class WindowLayout(QObject):
    """Restore, save and reset the window's geometry, docks and splitter."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        #: The docks and the navigator take their first-start widths when the window is first shown.
        self.pending = False

    def restore(self) -> None:
        window = self.window
        settings = QSettings()
        geometry = settings.value(screen_key(window))
        if geometry is not None and window.restoreGeometry(geometry):
            self.keep_on_screen()
        else:
            self.first_size()
        state = settings.value(screen_key(window, "state"))
        splitter = settings.value(screen_key(window, "splitter"))
        restored = state is not None and window.restoreState(state)
        if splitter is not None:
            window.splitter.restoreState(splitter)
        # writing comes first: what the user has not set yet starts narrow (once the window's width is known)
        self.pending = not restored or splitter is None

    def keep_on_screen(self) -> None:
        """A restored geometry no larger than the screen and wholly on it."""
        window = self.window
        screen = window.screen()
        if screen is None:
            return
        room = screen.availableGeometry()
        frame = window.frameGeometry()
        margins = (frame.width() - window.width(), frame.height() - window.height())
        place = fitted(frame, room)
        if place != frame:
            window.resize(place.width() - margins[0], place.height() - margins[1])
            window.move(place.topLeft())

    def save(self) -> None:
        window = self.window
        settings = QSettings()
        settings.setValue(screen_key(window), window.saveGeometry())
        settings.setValue(screen_key(window, "state"), window.saveState())
        settings.setValue(screen_key(window, "splitter"), window.splitter.saveState())

    def shown(self) -> None:
        """The window is shown: wholly on the screen (its frame is known now), the first start's widths."""
        self.keep_on_screen()
        if self.pending:
            self.pending = False
            self.reset_layout()

    def side_widths(self, width: int | None = None) -> tuple[int, int]:
        """The navigator's and the docks' first widths in a window this wide: the question pane gets the most,
        the navigator a fair share (its labels read whole at 1024 px)."""
        width = width or self.window.width()
        navigator = max(230, min(380, int(width * 0.24)))
        docks = max(self.dock_tabs_width(), min(360, int(width * 0.2)))
        return navigator, docks

    def dock_tabs_width(self) -> int:
        """The width at which the docks' row of tabs shows every title whole (in this window's font and style)."""
        window = self.window
        bar = QTabBar()
        bar.setFont(window.font())
        for dock in (window.answer_dock, window.validation_dock, window.proposals_dock):
            bar.addTab(dock.windowTitle())
        needed = sum(bar.tabSizeHint(i).width() for i in range(bar.count()))
        bar.deleteLater()
        return max(200, needed + 2)

    def reset_layout(self) -> None:
        """View ▸ Reset window layout: the docks narrow, tabbed and on the right, the question pane widest."""
        window = self.window
        for dock in (window.answer_dock, window.validation_dock, window.proposals_dock):
            if dock.isFloating():
                dock.setFloating(False)
            if window.dockWidgetArea(dock) != Qt.DockWidgetArea.RightDockWidgetArea:
                window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        window.tabifyDockWidget(window.answer_dock, window.validation_dock)
        window.tabifyDockWidget(window.answer_dock, window.proposals_dock)
        window.answer_dock.show()
        window.answer_dock.raise_()
        self._apply_side_widths()
        QTimer.singleShot(0, window, self._apply_side_widths)  # again once a re-docked dock has its place

    def _apply_side_widths(self) -> None:
        window = self.window
        navigator, docks = self.side_widths()
        window.resizeDocks([window.answer_dock], [docks], Qt.Orientation.Horizontal)
        centre = max(400, window.width() - docks)
        window.splitter.setSizes([navigator, centre - navigator])

    def first_size(self) -> None:
        """1280×820 where the screen has room; on a small laptop, nearly all of what it has."""
        window = self.window
        screen = window.screen().availableGeometry() if window.screen() else None
        if screen is None:
            window.resize(1280, 820)
            return
        window.resize(min(1280, int(screen.width() * 0.96)), min(820, int(screen.height() * 0.94)))
        frame = window.frameGeometry()
        frame.moveCenter(screen.center())
        window.move(frame.topLeft())
