//! Display copies (显示副本) of attached photos: what the case page and the
//! case file (卷宗) show instead of a 20 MB original. A copy is a JPEG whose
//! long side is at most [`MAX_SIDE`], turned upright by the photo's EXIF
//! orientation. Pure functions over bytes; the original is never altered.

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Rgb, RgbImage, metadata::Orientation};
use std::io::Cursor;

/// The long side of a display copy: sharp on a 1080p screen and on an A4
/// page (about 190 dpi across the printable width), a few hundred KB.
pub const MAX_SIDE: u32 = 1600;
/// An original up to this size (and [`MAX_SIDE`]) is shown as it is.
pub const SMALL_BYTES: usize = 1024 * 1024;
/// JPEG quality of a copy: no visible loss on a photo or a scan at this size.
pub const JPEG_QUALITY: u8 = 80;

/// What to show for a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Display {
    /// The original is small, upright and drawn by every WebView and by the
    /// print engine: shown as it is, no copy kept.
    Original { width: u32, height: u32 },
    /// A JPEG copy, scaled down and upright.
    Copy { jpeg: Vec<u8>, width: u32, height: u32 },
}

/// The picture to show for `bytes` of `media_type`, or `None` when it cannot
/// be decoded here: HEIC (needs a C library), not a picture, or damaged.
pub fn display(bytes: &[u8], media_type: &str) -> Option<Display> {
    let format = match media_type {
        "image/jpeg" => ImageFormat::Jpeg,
        "image/png" => ImageFormat::Png,
        "image/webp" => ImageFormat::WebP,
        "image/tiff" => ImageFormat::Tiff,
        _ => return None,
    };
    // A decoding error is a picture we cannot show, never a failure of the
    // caller: attaching keeps the original whatever happens here.
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), format).into_decoder().ok()?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let (width, height) = decoder.dimensions();
    if format != ImageFormat::Tiff
        && orientation == Orientation::NoTransforms
        && width.max(height) <= MAX_SIDE
        && bytes.len() <= SMALL_BYTES
    {
        return Some(Display::Original { width, height });
    }
    let mut picture = DynamicImage::from_decoder(decoder).ok()?;
    picture.apply_orientation(orientation);
    if picture.width().max(picture.height()) > MAX_SIDE {
        // Box-filter averaging: fast on a 24-megapixel photo, and each
        // source pixel counts once, so a large reduction does not alias.
        picture = picture.thumbnail(MAX_SIDE, MAX_SIDE);
    }
    let rgb = on_white(picture);
    let (width, height) = rgb.dimensions();
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY).encode_image(&rgb).ok()?;
    Some(Display::Copy { jpeg, width, height })
}

/// JPEG has no transparency: a transparent part of a PNG becomes white paper,
/// as it looks in a viewer, not the black its hidden colour often is.
fn on_white(picture: DynamicImage) -> RgbImage {
    if !picture.color().has_alpha() {
        return picture.into_rgb8();
    }
    let rgba = picture.into_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a)) + 127) / 255) as u8;
        Rgb([over(r), over(g), over(b)])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageEncoder, Rgba, RgbaImage};

    /// A picture with a gradient, so the encoders have something to keep.
    fn picture(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8]))
    }

    fn jpeg(p: &RgbImage) -> Vec<u8> {
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 90).encode_image(p).unwrap();
        out
    }

    fn png(p: &DynamicImage) -> Vec<u8> {
        let mut out = Vec::new();
        p.write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    }

    fn decoded(jpeg: &[u8]) -> DynamicImage {
        image::load_from_memory_with_format(jpeg, ImageFormat::Jpeg).unwrap()
    }

    #[test]
    fn a_large_photo_gets_a_jpeg_copy_with_the_long_side_1600_and_its_aspect_kept() {
        let Some(Display::Copy { jpeg: copy, width, height }) = display(&jpeg(&picture(3000, 2000)), "image/jpeg")
        else {
            panic!("a 3000×2000 photo gets a copy")
        };
        assert_eq!((width, height), (1600, 1067));
        let back = decoded(&copy);
        assert_eq!((back.width(), back.height()), (1600, 1067));

        let tall = png(&DynamicImage::ImageRgb8(picture(900, 2400)));
        let Some(Display::Copy { width, height, .. }) = display(&tall, "image/png") else { panic!("a tall PNG") };
        assert_eq!((width, height), (600, 1600));
    }

    #[test]
    fn a_small_picture_is_shown_as_it_is_and_never_scaled_up() {
        let small = jpeg(&picture(800, 600));
        assert_eq!(display(&small, "image/jpeg"), Some(Display::Original { width: 800, height: 600 }));
        let edge = png(&DynamicImage::ImageRgb8(picture(1600, 40)));
        assert_eq!(display(&edge, "image/png"), Some(Display::Original { width: 1600, height: 40 }));
    }

    #[test]
    fn a_small_file_too_heavy_to_show_as_it_is_is_reencoded_at_its_own_size() {
        // Noise does not compress: a 1200×1000 PNG of it is over 1 MB.
        let mut seed = 1u32;
        let noisy = RgbImage::from_fn(1200, 1000, |_, _| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            Rgb([(seed >> 24) as u8, (seed >> 16) as u8, (seed >> 8) as u8])
        });
        let bytes = png(&DynamicImage::ImageRgb8(noisy));
        assert!(bytes.len() > SMALL_BYTES);
        let Some(Display::Copy { width, height, .. }) = display(&bytes, "image/png") else { panic!("a copy") };
        assert_eq!((width, height), (1200, 1000), "not scaled up or down");
    }

    #[test]
    fn transparency_becomes_white_in_the_copy() {
        let clear = DynamicImage::ImageRgba8(RgbaImage::from_pixel(2000, 100, Rgba([0, 0, 0, 0])));
        let Some(Display::Copy { jpeg, .. }) = display(&png(&clear), "image/png") else { panic!("a copy") };
        let px = decoded(&jpeg).to_rgb8().get_pixel(10, 10).0;
        assert!(px.iter().all(|&c| c > 245), "{px:?}");
    }

    #[test]
    fn a_tiff_scan_always_gets_a_jpeg_copy() {
        let mut tiff = Vec::new();
        image::codecs::tiff::TiffEncoder::new(Cursor::new(&mut tiff))
            .write_image(picture(400, 300).as_raw(), 400, 300, image::ExtendedColorType::Rgb8)
            .unwrap();
        let Some(Display::Copy { jpeg, width, height }) = display(&tiff, "image/tiff") else { panic!("a copy") };
        assert_eq!((width, height), (400, 300));
        assert!(jpeg.starts_with(b"\xFF\xD8\xFF"));
    }

    #[test]
    fn exif_orientation_turns_the_copy_upright() {
        // A 1200×800 JPEG whose EXIF says "rotate 90° clockwise" (orientation 6),
        // as a phone held upright writes it.
        let sideways = jpeg(&picture(1200, 800));
        let exif: &[u8] = b"Exif\0\0MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0";
        let mut app1 = vec![0xFF, 0xE1];
        app1.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        app1.extend_from_slice(exif);
        let bytes = [&sideways[..2], &app1, &sideways[2..]].concat();
        let Some(Display::Copy { width, height, .. }) = display(&bytes, "image/jpeg") else { panic!("a copy") };
        assert_eq!((width, height), (800, 1200));
    }

    #[test]
    fn heic_garbage_and_damaged_files_give_no_copy_and_no_panic() {
        assert_eq!(display(b"\0\0\0\x18ftypheic\0\0\0\0", "image/heic"), None);
        assert_eq!(display(b"%PDF-1.7\n", "application/pdf"), None);
        assert_eq!(display(b"\xFF\xD8\xFF\xE0 not really a jpeg", "image/jpeg"), None);
        assert_eq!(display(b"\x89PNG\r\n\x1a\n\0\0\0\0garbage", "image/png"), None);
        let cut = png(&DynamicImage::ImageRgb8(picture(3000, 2000)));
        assert_eq!(display(&cut[..cut.len() / 3], "image/png"), None, "a PNG cut short");
        // A JPEG cut short shows what it holds, as a viewer would.
        let cut = jpeg(&picture(3000, 2000));
        let shown = display(&cut[..cut.len() / 3], "image/jpeg");
        assert!(matches!(shown, Some(Display::Copy { width: 1600, height: 1067, .. })), "{shown:?}");
    }
}
