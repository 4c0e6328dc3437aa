//! SVG → PNG through resvg, at a scale (1×, 2×, 3×) or a print resolution, with the resolution recorded in the
//! file so print tools size it right.

use crate::RenderError;

/// The largest side a PNG may have: beyond this the pixel buffer alone passes a gigabyte.
pub const MAX_SIDE: u32 = 16_384;

/// CSS pixels are 1/96 inch: scale `s` is 96·s dots per inch.
pub fn scale_for_dpi(dpi: f64) -> f64 {
    dpi / 96.0
}

/// Renders `svg` at `scale` (2.0 = twice the canvas size in each direction).
pub fn render(svg: &str, scale: f64) -> Result<Vec<u8>, RenderError> {
    if !scale.is_finite() || scale <= 0.0 {
        return Err(RenderError::BadScale(scale));
    }
    let tree = crate::tree(svg)?;
    let size = tree.size();
    let (width, height) = (
        (f64::from(size.width()) * scale).ceil(),
        (f64::from(size.height()) * scale).ceil(),
    );
    if width > f64::from(MAX_SIDE) || height > f64::from(MAX_SIDE) {
        return Err(RenderError::TooLarge {
            width: width as u32,
            height: height as u32,
            max: MAX_SIDE,
        });
    }
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width as u32, height as u32)
        .ok_or_else(|| RenderError::Png("the image has no pixels".into()))?;
    let transform = resvg::tiny_skia::Transform::from_scale(scale as f32, scale as f32);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    drop(tree);
    encode(pixmap, scale * 96.0)
}

/// PNG bytes with a pHYs chunk giving `dpi`. The pixels are un-premultiplied in place: a second buffer would
/// double the peak memory of a large export.
fn encode(mut pixmap: resvg::tiny_skia::Pixmap, dpi: f64) -> Result<Vec<u8>, RenderError> {
    for px in pixmap.data_mut().chunks_exact_mut(4) {
        let alpha = u16::from(px[3]);
        if alpha != 0 && alpha != 255 {
            for channel in &mut px[..3] {
                *channel = ((u16::from(*channel) * 255 + alpha / 2) / alpha).min(255) as u8;
            }
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let per_metre = (dpi / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder
        .write_header()
        .map_err(|e| RenderError::Png(e.to_string()))?;
    writer
        .write_image_data(pixmap.data())
        .map_err(|e| RenderError::Png(e.to_string()))?;
    writer
        .finish()
        .map_err(|e| RenderError::Png(e.to_string()))?;
    Ok(out)
}
