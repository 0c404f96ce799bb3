"""File → Export: the model as TensorFlow Lite, ONNX or an offline web page (each checked against the app
before it is written), and the charts as PNG or SVG, the curves as CSV.

A model export runs in the background (converting takes a few seconds); its report says how closely the
exported copy agrees with the app on 200 MNIST test digits and the drawing now on the canvas.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from digitpad.core.export import CHECK_DIGITS, TOLERANCE, ExportReport
from digitpad.ui.messages import describe

EXPORT = "export"  # the task runner's channel


class Exporter(QObject):
    """The Export menu of a window, and what its entries do."""

    exported = Signal(object)  # an ExportReport (a model) or a Path (a chart or CSV)
    failed = Signal(object)  # the exception

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.last_report: ExportReport | None = None

    def make_menu(self, parent) -> QMenu:
        menu = QMenu(self.tr("&Export"), parent)
        menu.setObjectName("export_menu")
        entries = [
            ("tflite", self.tr("Model as TensorFlow &Lite…"), "export_tflite_action"),
            ("onnx", self.tr("Model as &ONNX…"), "export_onnx_action"),
            ("html", self.tr("Model as a &web page…"), "export_html_action"),
        ]
        for fmt, text, name in entries:
            action = menu.addAction(text)
            action.setObjectName(name)
            action.triggered.connect(lambda _checked=False, f=fmt: self.ask_model_export(f))
        menu.addSeparator()
        for text, name, slot in (
            (self.tr("Charts as &PNG…"), "export_png_action", lambda: self.ask_chart_export("png")),
            (self.tr("Charts as &SVG…"), "export_svg_action", lambda: self.ask_chart_export("svg")),
            (self.tr("Curves as &CSV…"), "export_csv_action", self.ask_curves_export),
        ):
            action = menu.addAction(text)
            action.setObjectName(name)
            action.triggered.connect(slot)
        return menu

    # -- asking for a file --------------------------------------------------------------------------

    def _ask(self, title: str, name: str, filters: str) -> str:
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        start = Path(str(self.session.settings.value("files/last_dir", documents)))
        path, _ = QFileDialog.getSaveFileName(self.window_, title, str(start / name), filters)
        if path:
            self.session.settings.setValue("files/last_dir", str(Path(path).parent))
        return path

    def ask_model_export(self, fmt: str) -> None:
        if not self.session.has_model:
            self._message(
                QMessageBox.Icon.Information,
                self.tr("No model yet"),
                self.tr("Wait for the model to load, or train one."),
            )
            return
        names = {
            "tflite": (self.tr("TensorFlow Lite models (*.tflite)"), "digit-model.tflite"),
            "onnx": (self.tr("ONNX models (*.onnx)"), "digit-model.onnx"),
            "html": (self.tr("Web pages (*.html)"), "digit-model.html"),
        }
        filters, name = names[fmt]
        path = self._ask(self.tr("Export model"), name, filters)
        if path:
            self.export_model_to(fmt, path)

    def ask_chart_export(self, kind: str) -> None:
        filters = self.tr("PNG pictures (*.png)") if kind == "png" else self.tr("SVG drawings (*.svg)")
        path = self._ask(self.tr("Export charts"), f"training-charts.{kind}", filters)
        if path:
            if not path.lower().endswith(f".{kind}"):
                path += f".{kind}"
            self.export_charts_to(path)

    def ask_curves_export(self) -> None:
        path = self._ask(self.tr("Export curves"), "training-curves.csv", self.tr("CSV files (*.csv)"))
        if path:
            self.export_curves_to(path)

    # -- doing it -----------------------------------------------------------------------------------

    def export_model_to(self, fmt: str, path) -> bool:
        """Convert, check and write the model now predicting, in the background; the report says how it went."""
        if not self.session.has_model:
            return False
        drawing = self._drawing28()
        model = self.session.model
        keras_model, title = model.keras, model.name()
        session = self.session

        def work(state):
            from digitpad.core.export import export_model

            return export_model(keras_model, fmt, path, session.dataset().test.images, drawing, title)

        self.window_.statusBar().showMessage(self.tr("Exporting and checking the model…"))
        self.session.tasks.run(EXPORT, work, on_done=self._model_exported, on_error=self._failed, owner=self)
        return True

    def _drawing28(self):
        """The drawing as the model sees it (28x28), or None when the canvas is empty."""
        from digitpad.core.preprocess import NothingDrawn, preprocess

        canvas = self.window_.canvas
        if canvas.is_empty():
            return None
        try:
            return preprocess(canvas.image())
        except NothingDrawn:
            return None

    def _model_exported(self, report: ExportReport) -> None:
        self.last_report = report
        self.window_.statusBar().showMessage(self.tr("Exported {}").format(report.path), 5000)
        self._message(QMessageBox.Icon.Information, self.tr("Model exported"), self.report_text(report))
        self.exported.emit(report)

    def report_text(self, report: ExportReport) -> str:
        result = report.agreement
        what = (
            self.tr("{} MNIST test digits and your drawing").format(CHECK_DIGITS)
            if report.drawing_checked
            else self.tr("{} MNIST test digits (nothing is drawn)").format(CHECK_DIGITS)
        )
        return self.tr(
            "Saved {} ({:,} KB).\n\nChecked against the app on {}: the largest difference in any probability is "
            "{:.1e} (allowed: {:g}); the same digit on {} of {} images."
        ).format(
            report.path,
            max(1, report.size // 1024),
            what,
            result.max_difference,
            TOLERANCE,
            result.same_digit,
            result.images,
        )

    def export_charts_to(self, path) -> bool:
        try:
            self.window_.charts.export_image(path)
        except OSError as exc:
            self._failed(exc)
            return False
        self.window_.statusBar().showMessage(self.tr("Saved {}").format(path), 5000)
        self.exported.emit(Path(path))
        return True

    def export_curves_to(self, path) -> bool:
        from digitpad.core.compare import curves_csv
        from digitpad.ui.compare_view import save_text  # the Compare view loads only when first needed

        records = [r for r in self.session.runs.runs if not r.hidden]
        try:
            written = save_text(path, curves_csv(records))
        except OSError as exc:
            self._failed(exc)
            return False
        self.window_.statusBar().showMessage(self.tr("Saved {}").format(written), 5000)
        self.exported.emit(written)
        return True

    def _failed(self, exc: BaseException) -> None:
        self.window_.statusBar().clearMessage()
        self._message(QMessageBox.Icon.Warning, self.tr("Cannot export"), describe(exc))
        self.failed.emit(exc)

    def _message(self, icon, title: str, text: str) -> None:
        self.window_.show_message(icon, title, text)
