"""The main window's docks, arranged for the room there is: side by side, or as tabs on a small screen.

The drawing and the prediction are the central widget, always in view. The training settings, the charts
and the teaching views (evaluation, inside the network, my handwriting, and any dock added later) are
``QDockWidget``s on the right:

- "wide": settings in one column beside the charts; the teaching views are tabs over the charts.
- "compact": settings (in two columns), charts and teaching views are tabs of one dock area.

``fit()`` measures what each arrangement needs at the current fonts (the minimum sizes the widgets ask
for) and picks the wide one only when it fits the window. Docks stay movable: a student may float or
rearrange them; the window re-arranges only when the mode changes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow, QStyle, QTabWidget, QWidget

WIDE, COMPACT = "wide", "compact"
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea


class WindowLayout(QObject):
    mode_changed = Signal(str)

    def __init__(self, window: QMainWindow, panel, charts: QWidget, training: QWidget, banner: QWidget):
        """``training`` holds ``panel`` under the lesson ``banner`` (shown while a lesson is on)."""
        super().__init__(window)
        self.window, self.panel, self.charts, self.banner = window, panel, charts, banner
        window.setDockOptions(QMainWindow.DockOption.AllowTabbedDocks | QMainWindow.DockOption.AllowNestedDocks)
        window.setTabPosition(Qt.DockWidgetArea.AllDockWidgetAreas, QTabWidget.TabPosition.North)
        self.training_dock = self._dock(training, window.tr("Training settings"), "training_dock", closable=False)
        self.charts_dock = self._dock(charts, window.tr("Charts"), "charts_dock", closable=False)
        self.view_docks: list[QDockWidget] = []
        self._mode = ""
        # A dock title bar's height beyond one line of text, measured while it shows (compact hides them).
        title = self.training_dock.minimumSizeHint().height() - training.minimumSizeHint().height()
        self._title_margin = max(0, title - window.fontMetrics().height())

    def _dock(self, widget: QWidget, title: str, name: str, closable: bool = True) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        features = QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        if closable:
            features |= QDockWidget.DockWidgetFeature.DockWidgetClosable
        dock.setFeatures(features)
        dock.setAllowedAreas(Qt.DockWidgetArea.AllDockWidgetAreas)
        return dock

    def mode(self) -> str:
        return self._mode

    def docks(self) -> list[QDockWidget]:
        return [self.training_dock, self.charts_dock, *self.view_docks]

    # -- teaching views ---------------------------------------------------------------------------------

    def add_view(self, widget: QWidget, title: str, name: str) -> QDockWidget:
        """A teaching view as a dock tabbed over the charts, so it never covers the drawing; shown at once."""
        dock = self._dock(widget, title, name)
        self.view_docks.append(dock)
        self.window.addDockWidget(RIGHT, dock)
        self.window.tabifyDockWidget(self.charts_dock, dock)
        self.show_dock(dock)
        return dock

    def show_dock(self, dock: QDockWidget) -> None:
        dock.show()
        dock.raise_()

    # -- measuring and arranging ------------------------------------------------------------------------

    def _chrome(self, mode: str) -> tuple[int, int, int]:
        """What a separator between docks takes, the menu and status bars, and a dock's title bar or tabs."""
        window = self.window
        separator = window.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetSeparatorExtent, None, window)
        bars = window.menuBar().sizeHint().height() + window.statusBar().sizeHint().height()
        line = window.fontMetrics().height()
        return separator, bars, line + (self._title_margin if mode == WIDE else 14)

    def needed_size(self, mode: str) -> QSize:
        """The smallest window that shows everything in ``mode`` without scrolling, at the current fonts."""
        central = self.window.centralWidget().minimumSizeHint()
        charts = self.charts.minimumSizeHint()
        views = [dock.widget().minimumSizeHint() for dock in self.view_docks if not dock.isFloating()]
        separator, bars, title = self._chrome(mode)
        columns = 1 if mode == WIDE else 2
        settings = QSize(self.panel.minimum_width(columns), self.panel.settings_size(columns).height())
        if not self.banner.isHidden():  # a lesson's title and description above the settings
            settings.setHeight(settings.height() + self.banner.heightForWidth(settings.width()))
        others = max([charts.width()] + [v.width() for v in views])
        right_w = settings.width() + separator + others if mode == WIDE else max(settings.width(), others)
        right_h = max([settings.height(), charts.height()] + [v.height() for v in views]) + title
        return QSize(central.width() + separator + right_w, max(central.height(), right_h) + bars)

    def fits(self, mode: str, size: QSize | None = None) -> bool:
        size = size or self.window.size()
        needed = self.needed_size(mode)
        return needed.width() <= size.width() and needed.height() <= size.height()

    def best_mode(self, size: QSize | None = None) -> str:
        return WIDE if self.fits(WIDE, size) else COMPACT

    def fit(self, size: QSize | None = None) -> None:
        """Arrange for ``size`` (the window's): the wide arrangement when it fits, else the tabs."""
        mode = self.best_mode(size)
        if mode != self._mode:
            self.apply(mode, size)

    def apply(self, mode: str, size: QSize | None = None) -> None:
        window = self.window
        size = size or window.size()
        self._mode = mode
        current = self._raised_view()
        closed = {dock for dock in self.docks() if dock.isHidden()}  # closed by the student: stays closed
        for dock in self.docks():
            if dock.isFloating():
                continue  # a dock the student floated stays where it was put
            window.removeDockWidget(dock)
        self.panel.set_columns(1 if mode == WIDE else 2)
        docked = [d for d in self.docks() if not d.isFloating()]
        for dock in docked:
            window.addDockWidget(RIGHT, dock)
        if mode == WIDE:
            window.splitDockWidget(self.training_dock, self.charts_dock, Qt.Orientation.Horizontal)
            tabs_over = self.charts_dock
            for dock in self.view_docks:
                window.tabifyDockWidget(tabs_over, dock)
        else:
            for dock in [self.charts_dock, *self.view_docks]:
                window.tabifyDockWidget(self.training_dock, dock)
        for dock in docked:
            dock.setVisible(dock not in closed)
            # Tabs already name each dock: a title bar under them would only repeat it (and take a line).
            dock.setTitleBarWidget(QWidget() if mode == COMPACT else None)
        central = window.centralWidget().minimumSizeHint().width()
        right = max(0, size.width() - central - 8)
        if mode == WIDE:
            settings = self.panel.settings_size(1).width() + 4
            window.resizeDocks(
                [self.training_dock, self.charts_dock], [settings, right - settings], Qt.Orientation.Horizontal
            )
        else:
            window.resizeDocks([self.training_dock], [right], Qt.Orientation.Horizontal)
        (current or (self.charts_dock if mode == WIDE else self.training_dock)).raise_()
        self.mode_changed.emit(mode)

    def _raised_view(self) -> QDockWidget | None:
        """The teaching view on top of its tabs now, to keep on top after re-arranging."""
        for dock in self.view_docks:
            if dock.isVisible() and not dock.visibleRegion().isEmpty():
                return dock
        return None

    def show_charts(self) -> None:
        """Bring the charts to the front (compact: a training run has started)."""
        self.charts_dock.show()
        self.charts_dock.raise_()
