"""The Qt widgets: drawing canvas, model-input preview, probability bars and live training charts."""
