//! Engine: crop data in source pixels and the export map, with exact numbers.

use image_cropper_wasm::engine::{CropData, Cropper, OutputSize, PropsPatch};
use image_cropper_wasm::geometry::Point;
use image_cropper_wasm::ErrorCode;

#[macro_use]
mod engine_common;

use engine_common::*;

#[test]
fn initial_crop_is_the_central_square_of_the_photo() {
    let d = loaded().crop_data().unwrap();
    assert_close!(d.x, 504.0);
    assert_close!(d.y, 0.0);
    assert_close!(d.width, 3024.0);
    assert_close!(d.height, 3024.0);
    assert_eq!((d.rotate, d.scale_x, d.scale_y), (0.0, 1.0, 1.0));
}

#[test]
fn crop_data_follows_pan_zoom_rotate_and_flip() {
    let mut c = loaded();
    c.set_scale(2.0).unwrap();
    let d = c.crop_data().unwrap();
    assert_close!(d.width, 1512.0);
    assert_close!(d.x, 2016.0 - 756.0);
    assert_close!(d.y, 1512.0 - 756.0);
    // Moving the image 10 screen px right shows source 10 / k px further left.
    let k = 2.0 * 200.0 / 3024.0;
    c.set_transform(&image_cropper_wasm::engine::methods::Transform { x: 10.0, ..Default::default() })
        .unwrap();
    assert_close!(c.crop_data().unwrap().x, 2016.0 - 756.0 - 10.0 / k);
    c.rotate(90.0).unwrap();
    c.flip(true).unwrap();
    let d = c.crop_data().unwrap();
    assert_eq!((d.rotate, d.scale_x, d.scale_y), (90.0, -1.0, 1.0));
}

#[test]
fn set_crop_data_shows_exactly_that_rectangle() {
    let mut c = loaded();
    let d = CropData {
        x: 1016.0,
        y: 512.0,
        width: 2000.0,
        height: 2000.0,
        rotate: 17.0,
        scale_x: 1.0,
        scale_y: 1.0,
    };
    let r = c.set_crop_data(&d).unwrap();
    // Same area as the 200×200 box: 200×200, centred.
    assert_close!(r.cut.width, 200.0);
    assert_close!(r.cut.x, 87.5);
    assert_close!(r.img.scale, 3024.0 / 2000.0);
    assert_eq!(r.img.angle, 17.0);
    let e = c.crop_data().unwrap();
    for (a, b) in [(e.x, d.x), (e.y, d.y), (e.width, d.width), (e.height, d.height)] {
        assert_close!(a, b);
    }
    // Issue 4's task A: centre (2016, 1512), 17°, scale 0.54, 1080×1080.
    let map = c.export_map(OutputSize::Size { width: 1080, height: 1080 }).unwrap();
    assert_close!(map.center_x, 2016.0);
    assert_close!(map.center_y, 1512.0);
    assert_eq!(map.angle, 17.0);
    assert_close!(map.scale, 0.54);
    assert_eq!((map.out_width, map.out_height, map.flip_x, map.flip_y), (1080, 1080, false, false));
}

#[test]
fn set_crop_data_with_another_ratio_keeps_the_box_area() {
    let mut c = loaded();
    let d = CropData {
        x: 100.0,
        y: 200.0,
        width: 3000.0,
        height: 1500.0,
        rotate: 0.0,
        scale_x: -1.0,
        scale_y: 1.0,
    };
    let r = c.set_crop_data(&d).unwrap();
    assert_close!(r.cut.width * r.cut.height, 40000.0);
    assert_close!(r.cut.width / r.cut.height, 2.0);
    assert!(r.img.flip_x);
    let e = c.crop_data().unwrap();
    for (a, b) in [(e.x, d.x), (e.y, d.y), (e.width, d.width), (e.height, d.height), (e.scale_x, -1.0)] {
        assert_close!(a, b);
    }
}

#[test]
fn set_crop_data_rejects_bad_data() {
    let mut c = Cropper::new(375.0, 667.0).unwrap();
    let good =
        CropData { x: 0.0, y: 0.0, width: 10.0, height: 10.0, rotate: 0.0, scale_x: 1.0, scale_y: 1.0 };
    assert_eq!(c.set_crop_data(&good).unwrap_err().code, ErrorCode::NoImage);
    c.load_image(100.0, 100.0).unwrap();
    let before = c.render();
    for bad in [
        CropData { x: f64::NAN, ..good },
        CropData { width: 0.0, ..good },
        CropData { height: -5.0, ..good },
        CropData { rotate: f64::INFINITY, ..good },
        CropData { scale_x: 2.0, ..good },
        CropData { scale_y: 0.0, ..good },
        // 1000:1 cannot be a box within 100..300 × 100..300.
        CropData { width: 1000.0, height: 1.0, ..good },
    ] {
        assert_eq!(c.set_crop_data(&bad).unwrap_err().code, ErrorCode::InvalidOption, "{bad:?}");
    }
    assert_eq!(c.render(), before);
}

#[test]
fn export_map_default_is_box_times_export_scale() {
    let c = loaded();
    let map = c.export_map(OutputSize::Scale).unwrap();
    assert_eq!((map.out_width, map.out_height), (600, 600));
    assert_close!(map.scale, 600.0 / 3024.0);
    assert_close!(map.center_x, 2016.0);
    assert_close!(map.center_y, 1512.0);
    let tl = map.output_to_source(Point::new(0.0, 0.0));
    let br = map.output_to_source(Point::new(600.0, 600.0));
    assert_close!(tl.x, 504.0);
    assert_close!(tl.y, 0.0);
    assert_close!(br.x, 3528.0);
    assert_close!(br.y, 3024.0);
}

#[test]
fn export_map_source_resolution_and_export_scale_prop() {
    let mut c = loaded();
    let map = c.export_map(OutputSize::Source).unwrap();
    assert_eq!((map.out_width, map.out_height, map.scale), (3024, 3024, 1.0));
    c.set_props(&PropsPatch { export_scale: Some(1.5), ..Default::default() }).unwrap();
    c.set_cut_size(250.0, 150.0).unwrap();
    let map = c.export_map(OutputSize::Scale).unwrap();
    assert_eq!((map.out_width, map.out_height), (375, 225));
}

#[test]
fn export_map_fixed_size_fills_from_the_box_centre() {
    let mut c = loaded();
    c.set_cut_size(300.0, 150.0).unwrap();
    let map = c.export_map(OutputSize::Size { width: 100, height: 100 }).unwrap();
    // 100×100 out of a 2:1 box: the central square, 150 screen px = 2268 source px.
    let k = 300.0 / 4032.0 * (4032.0 / 3024.0 * 200.0 / 300.0);
    assert_close!(map.scale, 100.0 / (150.0 / k));
    for (w, h) in [(0, 10), (10, 0)] {
        assert_eq!(
            c.export_map(OutputSize::Size { width: w, height: h }).unwrap_err().code,
            ErrorCode::InvalidOption
        );
    }
    assert_eq!(
        c.export_map(OutputSize::Size { width: 1_000_000, height: 10 }).unwrap_err().code,
        ErrorCode::TooLarge
    );
}

#[test]
fn export_map_keeps_rotation_and_flips() {
    let mut c = loaded();
    c.rotate(30.0).unwrap();
    c.flip(false).unwrap();
    let map = c.export_map(OutputSize::Scale).unwrap();
    assert_eq!((map.angle, map.flip_x, map.flip_y), (30.0, false, true));
    // The image rotated about its own centre under the box centre: still the photo centre.
    assert_close!(map.center_x, 2016.0);
    assert_close!(map.center_y, 1512.0);
}

#[test]
fn set_crop_data_keeps_a_locked_aspect_ratio() {
    let mut c = loaded();
    c.set_aspect_ratio(2.0).unwrap();
    let d = CropData {
        x: 1000.0,
        y: 500.0,
        width: 1600.0,
        height: 1600.0,
        rotate: 0.0,
        scale_x: 1.0,
        scale_y: 1.0,
    };
    let r = c.set_crop_data(&d).unwrap();
    // The width is kept, the height follows the 2:1 lock (as Cropper.js setData).
    assert_close!(r.cut.width / r.cut.height, 2.0);
    let e = c.crop_data().unwrap();
    assert_close!(e.width, 1600.0);
    assert_close!(e.height, 800.0);
    assert_close!(e.x, 1000.0);
    // The centre of the rectangle stays where the data put it.
    assert_close!(e.y + e.height / 2.0, 500.0 + 800.0 / 2.0);
    // Its own crop data round-trips under the lock.
    c.set_crop_data(&e).unwrap();
    let f = c.crop_data().unwrap();
    for (a, b) in [(f.x, e.x), (f.y, e.y), (f.width, e.width), (f.height, e.height)] {
        assert_close!(a, b);
    }
}
