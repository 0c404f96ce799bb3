"""The main window's docks, arranged for the room there is: side by side, or as tabs on a small screen.

The drawing, the prediction and the run controls are the central widget, always in view. The lesson, the
training settings, the table of the network's layers, the charts and the teaching views (evaluation,
inside the network, my handwriting, and any dock added later) are ``QDockWidget``s on the right:

- "wide": the lesson across the top; below it the settings (one column) above the layer table, beside the
  charts; the teaching views are tabs over the charts.
- "side": the same, but the layer table is a tab over the charts too.
- "compact": lesson, settings (two columns), layers, charts and teaching views are tabs of one dock area.

``fit()`` measures what each arrangement needs at the current fonts (the minimum sizes the widgets ask
for) and picks the first of these that fits the window. Docks stay movable: a student may float or
rearrange them; the window re-arranges only when the mode changes or something changes size.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow, QStyle, QTabWidget, QWidget

WIDE, SIDE, COMPACT = "wide", "side", "compact"
MODES = (WIDE, SIDE, COMPACT)  # from the most shown at once to the least
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
TAB_MARGIN = 14  # a dock tab's height beyond its line of text
FIT_MARGIN = 8  # pixels


class WindowLayout(QObject):
    mode_changed = Signal(str)

    def __init__(self, window: QMainWindow, panel, charts: QWidget, banner: QWidget):
        """``panel`` is the TrainingPanel (its layer table gets a dock of its own), ``banner`` the lesson's."""
        super().__init__(window)
        self.window, self.panel, self.charts, self.banner = window, panel, charts, banner
        self.layers = panel.take_summary()
        window.setDockOptions(QMainWindow.DockOption.AllowTabbedDocks | QMainWindow.DockOption.AllowNestedDocks)
        window.setTabPosition(Qt.DockWidgetArea.AllDockWidgetAreas, QTabWidget.TabPosition.North)
        # Short titles: on a small screen up to seven of them share one row of tabs.
        self.lesson_dock = self._dock(banner, self.tr("Lesson"), "lesson_dock", closable=False)
        self.training_dock = self._dock(panel, self.tr("Settings"), "training_dock", closable=False)
        self.layers_dock = self._dock(self.layers, self.tr("Layers"), "layers_dock", closable=False)
        self.charts_dock = self._dock(charts, self.tr("Charts"), "charts_dock", closable=False)
        self.view_docks: list[QDockWidget] = []
        self.side_docks: list[QDockWidget] = []  # beside the drawing, on the left (the kept runs)
        self._applying = False
        self.lesson_dock.setVisible(False)  # until a lesson starts
        self._lesson_on = False
        self._mode = ""
        # A dock title bar's height beyond one line of text, measured while one shows (compact hides them).
        title = self.training_dock.minimumSizeHint().height() - panel.minimumSizeHint().height()
        self._title_margin = max(0, title - window.fontMetrics().height())

    def _dock(self, widget: QWidget, title: str, name: str, closable: bool = True) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        features = QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        if closable:
            features |= QDockWidget.DockWidgetFeature.DockWidgetClosable
        dock.setFeatures(features)
        return dock

    def mode(self) -> str:
        return self._mode

    def docks(self) -> list[QDockWidget]:
        """Every dock, in tab order."""
        return [self.lesson_dock, self.training_dock, self.layers_dock, self.charts_dock, *self.view_docks]

    # -- teaching views and the lesson ------------------------------------------------------------------

    def add_view(self, widget: QWidget, title: str, name: str) -> QDockWidget:
        """A teaching view as a dock tabbed over the charts, so it never covers the drawing; shown at once."""
        dock = self._dock(widget, title, name)
        self.view_docks.append(dock)
        self.window.addDockWidget(RIGHT, dock)
        self.window.tabifyDockWidget(self.charts_dock, dock)
        dock.setTitleBarWidget(QWidget() if self._mode == COMPACT else None)
        self.show_dock(dock)
        self.refresh()
        return dock

    def add_side_dock(self, dock: QDockWidget) -> None:
        """A dock of its own beside the drawing, on the left (the Runs list). The room it takes while shown
        counts when choosing the arrangement; in the compact one (tabs) it becomes one more tab instead."""
        self.side_docks.append(dock)
        self.window.addDockWidget(LEFT, dock)
        dock.toggleViewAction().toggled.connect(lambda shown, d=dock: self._side_dock_chosen(d, shown))
        dock.visibilityChanged.connect(self._side_dock_toggled)

    def _side_dock_chosen(self, dock: QDockWidget, shown: bool) -> None:
        """View → Runs: a dock the student asked for comes to the front of its tabs."""
        if shown:
            QTimer.singleShot(0, dock.raise_)

    def _side_dock_toggled(self, _shown: bool) -> None:
        """Shown or hidden by the student: Qt has already grown the window for a dock on the left, perhaps past
        the screen's edge. Choose the arrangement for the room the screen has, and give the window back to it."""
        if self._applying:
            return
        window = self.window
        room = window.size()
        screen = window.screen()
        if screen is not None:
            room = room.boundedTo(screen.availableGeometry().size())
        mode = self.best_mode(room)
        if mode != self._mode:
            self.apply(mode, room)
        else:
            self.refresh()
        # A maximised window too: Qt grows it past the screen like any other.
        if window.isVisible() and not window.isFullScreen() and window.size() != room:
            self._give_back(room)
            # The layout's minimum may hold until the moved docks settle: once they have, once more.
            QTimer.singleShot(0, lambda: self._give_back(room))

    def _give_back(self, room: QSize) -> None:
        """Shrink the window to ``room``: its layout first forgets the minimum size of the old arrangement."""
        window = self.window
        if window.size() == room:
            return
        window.layout().activate()
        window.resize(room)

    def _side_shown(self) -> list[QDockWidget]:
        return [dock for dock in self.side_docks if not dock.isHidden() and not dock.isFloating()]

    def _side_size(self, mode: str) -> QSize:
        """What the shown side docks take beside the drawing (width, and the height they need): none in tabs."""
        if mode == COMPACT:
            return QSize(0, 0)
        separator = self.window.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetSeparatorExtent, None, self.window)
        sizes = [dock.minimumSizeHint() for dock in self._side_shown()]
        return QSize(sum(size.width() + separator for size in sizes), max((size.height() for size in sizes), default=0))

    def show_dock(self, dock: QDockWidget) -> None:
        dock.show()
        dock.raise_()

    def show_charts(self) -> None:
        """Bring the charts to the front (compact: a training run has started)."""
        self.show_dock(self.charts_dock)

    def set_lesson_shown(self, shown: bool) -> None:
        """A lesson started (its dock shows, in front) or ended (it goes)."""
        self._lesson_on = shown
        self.refresh()
        self.lesson_dock.setVisible(shown)
        if shown:
            self.lesson_dock.raise_()

    # -- measuring --------------------------------------------------------------------------------------

    def _chrome(self, mode: str) -> tuple[int, int, int]:
        """What a separator between docks takes, the menu and status bars, and a dock's title bar or tabs."""
        window = self.window
        separator = window.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetSeparatorExtent, None, window)
        bars = window.menuBar().sizeHint().height() + window.statusBar().sizeHint().height()
        line = window.fontMetrics().height()
        return separator, bars, line + (TAB_MARGIN if mode == COMPACT else self._title_margin)

    def _settings_size(self, mode: str) -> QSize:
        columns = 2 if mode == COMPACT else 1
        return QSize(self.panel.minimum_width(columns), self.panel.settings_size(columns).height())

    def needed_size(self, mode: str) -> QSize:
        """The smallest window that shows everything in ``mode`` without scrolling, at the current fonts."""
        separator, bars, title = self._chrome(mode)
        central = self.window.centralWidget().minimumSizeHint()
        settings = self._settings_size(mode)
        layers = self.layers.minimumSize()
        others = [self.charts.minimumSizeHint()]
        others += [dock.widget().minimumSizeHint() for dock in self.view_docks if not dock.isFloating()]
        if mode == COMPACT:  # the side docks are tabs too
            others += [dock.widget().minimumSizeHint() for dock in self._side_shown()]
        others_w, others_h = max(s.width() for s in others), max(s.height() for s in others)
        tabs = title + (self.window.fontMetrics().height() + TAB_MARGIN)  # a title bar, then tabs
        if mode == COMPACT:
            right_w = max(settings.width(), others_w)
            lesson = self.banner.heightForWidth(right_w) if self._lesson_on else 0
            right_h = max(settings.height(), lesson, layers.height(), others_h) + title
        else:  # the lesson across the top, with its title bar; below it the settings beside the charts
            right_w = settings.width() + separator + others_w
            lesson = self.banner.heightForWidth(right_w) + title + separator if self._lesson_on else 0
            column = settings.height() + title
            if mode == WIDE:  # the layer table under the settings, with its title bar
                column += separator + layers.height() + title
                right_h = lesson + max(column, others_h + tabs)
            else:  # the layer table a tab over the charts
                right_h = lesson + max(column, max(others_h, layers.height()) + tabs)
        side = self._side_size(mode)
        return QSize(
            side.width() + central.width() + separator + right_w, max(central.height(), right_h, side.height()) + bars
        )

    def fits(self, mode: str, size: QSize | None = None) -> bool:
        """Whether ``mode`` fits ``size`` (the window's), with a few pixels to spare: the measure is of minimum
        sizes, which layouts round and space a little more generously."""
        size = size or self.window.size()
        needed = self.needed_size(mode)
        return needed.width() + FIT_MARGIN <= size.width() and needed.height() + FIT_MARGIN <= size.height()

    def best_mode(self, size: QSize | None = None) -> str:
        return next((mode for mode in MODES if self.fits(mode, size)), COMPACT)

    # -- arranging --------------------------------------------------------------------------------------

    def fit(self, size: QSize | None = None) -> None:
        """Arrange for ``size`` (the window's): the wide arrangement when it fits, else the tabs."""
        mode = self.best_mode(size)
        if mode != self._mode:
            self.apply(mode, size)

    def refresh(self) -> None:
        """Something changed size (a lesson, the fonts, a new view): choose again and re-apply."""
        mode = self.best_mode()
        if mode != self._mode:
            self.apply(mode)
        else:
            self.panel.set_columns(2 if mode == COMPACT else 1)
            self._hold_settings_height(mode)
            self._share_width(mode, self.window.size())

    def apply(self, mode: str, size: QSize | None = None) -> None:
        self._applying = True  # re-placing docks shows and hides them: that is not the student toggling one
        try:
            self._apply(mode, size)
        finally:
            self._applying = False

    def _apply(self, mode: str, size: QSize | None = None) -> None:
        window = self.window
        size = size or window.size()
        self._mode = mode
        current = self._raised_view()
        closed = {dock for dock in (*self.docks(), *self.side_docks) if dock.isHidden()}  # closed: stays so
        docked = [dock for dock in self.docks() if not dock.isFloating()]  # a floated dock stays put
        self._place_side_docks(mode, closed)
        for dock in docked:
            window.removeDockWidget(dock)
        self.panel.set_columns(2 if mode == COMPACT else 1)
        self._hold_settings_height(mode)
        placed = [
            dock
            for dock in (self.lesson_dock, self.training_dock, self.charts_dock, self.layers_dock)
            if dock in docked
        ]
        views = [dock for dock in self.view_docks if dock in docked]
        if mode != COMPACT and len(placed) == 4:
            # [lesson over [settings (/ layers) | charts (+ layers) + views]], built from the top so nothing
            # nests oddly.
            window.addDockWidget(RIGHT, self.lesson_dock)
            window.splitDockWidget(self.lesson_dock, self.training_dock, Qt.Orientation.Vertical)
            window.splitDockWidget(self.training_dock, self.charts_dock, Qt.Orientation.Horizontal)
            if mode == WIDE:
                window.splitDockWidget(self.training_dock, self.layers_dock, Qt.Orientation.Vertical)
            else:
                window.tabifyDockWidget(self.charts_dock, self.layers_dock)
            for dock in views:
                window.tabifyDockWidget(self.charts_dock, dock)
        elif docked:
            window.addDockWidget(RIGHT, docked[0])
            for dock in docked[1:]:
                window.tabifyDockWidget(docked[0], dock)
        for dock in docked:
            dock.setVisible(dock not in closed)
            # Tabs already name each dock: a title bar under them would only repeat it (and take a line).
            dock.setTitleBarWidget(QWidget() if mode == COMPACT else None)
        if mode == COMPACT and docked:
            self._tab_side_docks(docked[0], closed)
        self._share_width(mode, size)
        front = current or (self.training_dock if mode == COMPACT else self.charts_dock)
        front.raise_()
        self.mode_changed.emit(mode)

    def _share_width(self, mode: str, size: QSize) -> None:
        """The drawing's column keeps only the width it needs; the docks on the right get the rest (a row of tabs
        on a netbook needs all of it)."""
        window = self.window
        right = max(
            0, size.width() - self._side_size(mode).width() - window.centralWidget().minimumSizeHint().width() - 8
        )
        if mode != COMPACT:
            settings = self.panel.minimum_width(1)
            window.resizeDocks(
                [self.training_dock, self.charts_dock], [settings, right - settings], Qt.Orientation.Horizontal
            )
        elif not self.training_dock.isFloating():
            window.resizeDocks([self.training_dock], [right], Qt.Orientation.Horizontal)

    def _place_side_docks(self, mode: str, closed: set) -> None:
        """On the left beside the drawing, or (compact) one more tab on the right, placed after the others."""
        for dock in self.side_docks:
            if dock.isFloating():
                continue
            self.window.removeDockWidget(dock)
            if mode != COMPACT:
                self.window.addDockWidget(LEFT, dock)
                dock.setTitleBarWidget(None)
            dock.setVisible(dock not in closed)

    def _tab_side_docks(self, anchor: QDockWidget, closed: set) -> None:
        for dock in self.side_docks:
            if dock.isFloating():
                continue
            self.window.addDockWidget(RIGHT, dock)
            self.window.tabifyDockWidget(anchor, dock)
            dock.setTitleBarWidget(QWidget())
            dock.setVisible(dock not in closed)

    def _hold_settings_height(self, mode: str) -> None:
        """Wide: the settings dock keeps the height its settings need (the window chose wide because that
        fits), so the lesson and the layer table never squeeze them into scrolling. Compact: they may scroll,
        as the last resort when the student zooms in beyond what fits."""
        self.panel.setMinimumHeight(self.panel.settings_size(1).height() if mode != COMPACT else 0)

    def _raised_view(self) -> QDockWidget | None:
        """The teaching view in front of its tabs now, to keep in front after re-arranging."""
        for dock in self.view_docks:
            if dock.isVisible() and not dock.visibleRegion().isEmpty():
                return dock
        return None
