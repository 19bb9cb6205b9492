//! The cropper state machine: layout, gestures, methods, containment.
