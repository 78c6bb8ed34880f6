//! The certificate PDF for an endorsement: one US Letter landscape page with the holder's name,
//! the category, the awarding association, the dates, the credential number and a QR code that
//! opens the public verification page.
//!
//! This module is pure: data in, bytes out. It is drawn with krilla, which embeds the fonts as
//! subsets and writes a tagged PDF. The document is exported under krilla's PDF/UA-1 and
//! PDF/A-2a validators together, so krilla refuses to write a file that breaks what those
//! standards let a writer check (document title, language, alt text of figures, outline, every
//! glyph mapped to text, device-independent colour). The fonts are the DejaVu faces in
//! `assets/fonts`, compiled into the binary so a server needs no font files on disk.
//!
//! What krilla cannot do for us, and how we work around it:
//! - It neither measures nor breaks text. We shape with rustybuzz (the shaper krilla uses) to
//!   measure each line and shrink it until it fits; a name, title or association that would
//!   get too small is split over two lines at the space that balances them best.
//! - It cannot validate the result against an external checker (veraPDF); its validators
//!   cover what a writer can check, and the tests check the rest we can (fonts embedded, tags,
//!   the printed QR code scanning back to the URL).
//! - It has no font fallback. A character DejaVu lacks is refused with an error naming the
//!   field, because a certificate with a box in place of a letter of someone's name is worse
//!   than no certificate.
//! - Its validators cannot judge meaning (reading order, whether alt text is good, contrast).
//!   The tag tree below is written in reading order by hand and decorations are artifacts.

use std::num::NonZeroU16;

use chrono::{Datelike, NaiveDate};
use krilla::action::LinkAction;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder, ValidationError};
use krilla::destination::XyzDestination;
use krilla::error::KrillaError;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, BBox, ContentTag, Identifier, Node, SpanTag, Tag, TagGroup, TagTree,
};
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};
pub use lattice_domain::language::Language;
use qrcode::{EcLevel, QrCode};

/// What a certificate shows. Built by the caller from the endorsement record; this module does
/// no lookups.
#[derive(Debug, Clone)]
pub struct CertificateData {
    /// The holder's name as it should be printed, with degrees and credentials, e.g.
    /// "Grace Okafor, MSW, LICSW, IMH-E®".
    pub name_line: String,
    /// The category's full title, e.g. "Infant Mental Health Specialist".
    pub title_line: String,
    /// The category abbreviation, e.g. "IMHS".
    pub category: String,
    /// The awarding association's full name.
    pub association_name: String,
    /// The original endorsement date, kept through a reinstatement.
    pub endorsed_on: NaiveDate,
    /// The day a lapsed endorsement was reinstated, if it was: printed beside the original date
    /// so the certificate tells both.
    pub reinstated_on: Option<NaiveDate>,
    pub valid_through: NaiveDate,
    /// The credential number, e.g. "NMAIMH-2026-000012-31".
    pub credential_number: String,
    /// The public verification page; encoded in the QR code and printed under it.
    pub verify_url: String,
    /// The association's brand colour for the border, the heading and its rule, as
    /// (r, g, b). The caller passes only a colour it has checked reads on white (the settings
    /// page refuses one under 4.5:1); `None` keeps Lattice's own.
    pub accent: Option<(u8, u8, u8)>,
    /// The association's logo, drawn above the heading.
    pub logo: Option<Logo>,
    /// The language of the certificate's own sentences, dates and document tag (the holder's
    /// data, the category's registered title and the association's name stay as given).
    pub language: Language,
}

/// The formats a logo may have: raster only. SVG is never taken, because an SVG file can
/// carry script and is served back to browsers from the association's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoFormat {
    Png,
    Jpeg,
}

impl LogoFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            LogoFormat::Png => "image/png",
            LogoFormat::Jpeg => "image/jpeg",
        }
    }

    /// The stored name of the format (the inverse of [`LogoFormat::from_key`]).
    pub fn key(self) -> &'static str {
        match self {
            LogoFormat::Png => "png",
            LogoFormat::Jpeg => "jpeg",
        }
    }

    pub fn from_key(key: &str) -> Option<LogoFormat> {
        match key {
            "png" => Some(LogoFormat::Png),
            "jpeg" => Some(LogoFormat::Jpeg),
            _ => None,
        }
    }
}

/// An association's logo, read and checked once: its bytes are really a PNG or JPEG file of
/// a sensible size that the certificate can draw. Cheap to clone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    bytes: std::sync::Arc<Vec<u8>>,
    format: LogoFormat,
    width: u32,
    height: u32,
}

/// Why a file was not taken as a logo. The messages complete "The logo …" on a form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogoError {
    #[error("is empty")]
    Empty,
    #[error("is {bytes} bytes; the most a logo may be is {max} bytes (256 KB)", max = Logo::MAX_BYTES)]
    TooLarge { bytes: usize },
    #[error("is an SVG file; only PNG or JPEG is taken, because an SVG file can carry script")]
    Svg,
    #[error("is not a PNG or JPEG image (whatever its name says); only PNG or JPEG is taken")]
    NotPngOrJpeg,
    #[error("is {width}×{height} pixels; a logo may be at most {max}×{max}", max = Logo::MAX_SIDE)]
    TooManyPixels { width: u32, height: u32 },
    #[error("could not be read as an image: {0}")]
    Unreadable(String),
}

impl Logo {
    /// 256 KB: plenty for a logo, and the bytes live in the database.
    pub const MAX_BYTES: usize = 256 * 1024;
    /// The longest side in pixels. A small compressed file can claim a huge picture, which
    /// would take gigabytes to decode; 2,000 pixels is sharp at any size a logo is printed.
    pub const MAX_SIDE: u32 = 2000;

    /// Reads `bytes` as a logo. The format comes from the bytes, never from a file name or a
    /// browser's content type; the file is then drawn once on a certificate, so an image
    /// whose header looks right but whose data krilla cannot decode (or a 16-bit PNG, which
    /// PDF/A-2 cannot hold) is refused here rather than when someone downloads a certificate.
    pub fn read(bytes: Vec<u8>) -> Result<Logo, LogoError> {
        let logo = Logo::from_header(bytes)?;
        let probe = CertificateData {
            name_line: "Logo Check".into(),
            title_line: "Infant Mental Health Specialist".into(),
            category: "IMHS".into(),
            association_name: "Association".into(),
            endorsed_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
            reinstated_on: None,
            valid_through: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default(),
            credential_number: "CHECK-0000-000000-00".into(),
            verify_url: "https://example.org/verify/CHECK".into(),
            accent: None,
            logo: Some(logo.clone()),
            language: Language::English,
        };
        match render(&probe) {
            Ok(_) => Ok(logo),
            Err(e) => Err(LogoError::Unreadable(e.to_string())),
        }
    }

    /// A logo stored earlier by [`Logo::read`]: checked again from its header only (its
    /// data was decoded when it was taken).
    pub fn stored(bytes: Vec<u8>) -> Result<Logo, LogoError> {
        Logo::from_header(bytes)
    }

    fn from_header(bytes: Vec<u8>) -> Result<Logo, LogoError> {
        if bytes.is_empty() {
            return Err(LogoError::Empty);
        }
        if bytes.len() > Logo::MAX_BYTES {
            return Err(LogoError::TooLarge { bytes: bytes.len() });
        }
        let format = match imagesize::image_type(&bytes) {
            Ok(imagesize::ImageType::Png) => LogoFormat::Png,
            Ok(imagesize::ImageType::Jpeg) => LogoFormat::Jpeg,
            _ if looks_like_svg(&bytes) => return Err(LogoError::Svg),
            _ => return Err(LogoError::NotPngOrJpeg),
        };
        let size =
            imagesize::blob_size(&bytes).map_err(|e| LogoError::Unreadable(e.to_string()))?;
        let (Ok(width), Ok(height)) = (u32::try_from(size.width), u32::try_from(size.height))
        else {
            return Err(LogoError::Unreadable("its size is out of range".into()));
        };
        if width == 0 || height == 0 {
            return Err(LogoError::Unreadable("it has no pixels".into()));
        }
        if width > Logo::MAX_SIDE || height > Logo::MAX_SIDE {
            return Err(LogoError::TooManyPixels { width, height });
        }
        Ok(Logo {
            bytes: std::sync::Arc::new(bytes),
            format,
            width,
            height,
        })
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn format(&self) -> LogoFormat {
        self.format
    }

    pub fn width(&self) -> u32 {
        self.width
    }

    pub fn height(&self) -> u32 {
        self.height
    }

    fn image(&self) -> Result<krilla::image::Image, CertificateError> {
        let data =
            krilla::Data::from(self.bytes.clone() as std::sync::Arc<dyn AsRef<[u8]> + Send + Sync>);
        // No interpolation flag: PDF/A forbids it (viewers smooth the image anyway).
        match self.format {
            LogoFormat::Png => krilla::image::Image::from_png(data, false),
            LogoFormat::Jpeg => krilla::image::Image::from_jpeg(data, false),
        }
        .map_err(CertificateError::Logo)
    }
}

/// Whether the start of a file is XML or an `<svg` element (after any byte-order mark and
/// white space), so the refusal can say it is SVG rather than "not an image".
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let lower = text.to_ascii_lowercase();
    lower.starts_with("<?xml") && lower.contains("<svg") || lower.starts_with("<svg")
}

/// Why a certificate could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum CertificateError {
    #[error("the certificate's {field} is empty")]
    Empty { field: &'static str },
    #[error(
        "the certificate's {field} contains {ch:?} (U+{code:04X}), which the certificate font cannot draw",
        code = u32::from(*ch)
    )]
    UnsupportedCharacter { field: &'static str, ch: char },
    #[error("the verification URL cannot be encoded as a QR code: {0}")]
    QrCode(#[from] qrcode::types::QrError),
    #[error("the embedded font {0} could not be loaded")]
    Font(&'static str),
    #[error("the association's logo could not be read: {0}")]
    Logo(String),
    // krilla's error holds fonts that are not `Sync`, so only its message is kept; that keeps
    // this type usable across threads and in the web error type.
    #[error("the certificate PDF could not be written: {0}")]
    Pdf(String),
}

const PAGE_WIDTH: f32 = 792.0;
const PAGE_HEIGHT: f32 = 612.0;
const CENTER_X: f32 = PAGE_WIDTH / 2.0;
/// The widest a centred line may be: inside the inner border with generous margins.
const TEXT_WIDTH: f32 = 600.0;
/// Left and right edge of the footer (disclaimer, QR code, its caption).
const FOOTER_INSET: f32 = 58.0;
/// DejaVu's capital height and descender depth, as fractions of the font size, for spacing
/// lines by their visible extent rather than by the font's generous line box.
const CAP_HEIGHT: f32 = 0.73;
const DESCENT: f32 = 0.24;
/// Baseline to baseline within a wrapped block.
const LEADING: f32 = 1.2;
/// The QR code with its quiet zone: 1.3 in, large enough for phone cameras at arm's length.
const QR_SIZE: f32 = 93.6;
/// The quiet zone the QR specification asks for, in modules, on each side.
const QR_QUIET_MODULES: usize = 4;

// Colours as (r, g, b); krilla's colour constructor is not `const`. All text colours have a
// contrast ratio above 7:1 on white (WCAG AAA), so the certificate reads well when printed
// on a poor printer too.
const INK: (u8, u8, u8) = (0x1f, 0x25, 0x2b);
const MUTED: (u8, u8, u8) = (0x4a, 0x55, 0x5f);
const ACCENT: (u8, u8, u8) = (0x1d, 0x4e, 0x5f);
const WHITE: (u8, u8, u8) = (0xff, 0xff, 0xff);
const BLACK: (u8, u8, u8) = (0x00, 0x00, 0x00);

fn color((r, g, b): (u8, u8, u8)) -> rgb::Color {
    rgb::Color::new(r, g, b)
}

static SANS: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
static SANS_BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");
static SERIF: &[u8] = include_bytes!("../assets/fonts/DejaVuSerif.ttf");
static SERIF_BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSerif-Bold.ttf");

/// One font, kept both as krilla's handle (to draw) and as raw bytes (to shape and measure).
struct Face {
    name: &'static str,
    data: &'static [u8],
    font: Font,
}

impl Face {
    fn load(name: &'static str, data: &'static [u8]) -> Result<Self, CertificateError> {
        let font = Font::new(data.into(), 0).ok_or(CertificateError::Font(name))?;
        rustybuzz::Face::from_slice(data, 0).ok_or(CertificateError::Font(name))?;
        Ok(Self { name, data, font })
    }

    fn shaper(&self) -> Result<rustybuzz::Face<'static>, CertificateError> {
        rustybuzz::Face::from_slice(self.data, 0).ok_or(CertificateError::Font(self.name))
    }

    /// The advance width of `text` at size 1, shaped the way krilla's `draw_text` shapes it
    /// (same shaper, left to right, no extra features), so measuring and drawing agree.
    fn width_em(&self, text: &str) -> Result<f32, CertificateError> {
        let face = self.shaper()?;
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        let shaped = rustybuzz::shape(&face, &[], buffer);
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        Ok(units as f32 / f32::from(face.units_per_em() as u16))
    }

    /// Refuses text the font has no glyph for, instead of printing a blank box.
    fn check_coverage(&self, field: &'static str, text: &str) -> Result<(), CertificateError> {
        let face = self.shaper()?;
        match text.chars().find(|&ch| face.glyph_index(ch).is_none()) {
            Some(ch) => Err(CertificateError::UnsupportedCharacter { field, ch }),
            None => Ok(()),
        }
    }

    /// The largest size up to `max` at which `text` fits in `width`.
    fn fit(&self, text: &str, max: f32, width: f32) -> Result<f32, CertificateError> {
        let em = self.width_em(text)?;
        Ok(if em * max <= width { max } else { width / em })
    }
}

struct Faces {
    sans: Face,
    sans_bold: Face,
    serif: Face,
    serif_bold: Face,
}

impl Faces {
    fn load() -> Result<Self, CertificateError> {
        Ok(Self {
            sans: Face::load("DejaVuSans", SANS)?,
            sans_bold: Face::load("DejaVuSans-Bold", SANS_BOLD)?,
            serif: Face::load("DejaVuSerif", SERIF)?,
            serif_bold: Face::load("DejaVuSerif-Bold", SERIF_BOLD)?,
        })
    }
}

/// The QR code's modules, row by row, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Error correction M (15 %) survives a crease or a smudge on a printed page while keeping
    /// the modules large enough to scan at 1.3 in for URLs of realistic length.
    fn encode(payload: &str) -> Result<Self, CertificateError> {
        let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)?;
        Ok(Self {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == qrcode::Color::Dark)
                .collect(),
        })
    }

    fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }
}

fn require(field: &'static str, value: &str) -> Result<(), CertificateError> {
    if value.trim().is_empty() {
        Err(CertificateError::Empty { field })
    } else {
        Ok(())
    }
}

/// Draws the certificate for `data` and returns the PDF file.
pub fn render(data: &CertificateData) -> Result<Vec<u8>, CertificateError> {
    require("name", &data.name_line)?;
    require("title", &data.title_line)?;
    require("association name", &data.association_name)?;
    require("credential number", &data.credential_number)?;
    require("verification URL", &data.verify_url)?;

    let faces = Faces::load()?;
    let text = Texts::new(data);
    faces.serif_bold.check_coverage("name", &data.name_line)?;
    faces
        .serif_bold
        .check_coverage("title", &text.title_with_category)?;
    faces
        .serif
        .check_coverage("association name", &text.awarded_by)?;
    faces
        .sans_bold
        .check_coverage("credential number", &data.credential_number)?;
    faces
        .sans
        .check_coverage("verification URL", &text.verify_caption)?;
    let qr = QrMatrix::encode(&data.verify_url)?;

    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .with_archival_validator(Archival::A2_A)
        .finish()
        .map_err(|e| CertificateError::Pdf(format!("invalid PDF configuration: {e:?}")))?;
    let mut document = Document::new_with(SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    });

    let page_settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| CertificateError::Pdf("invalid page size".into()))?;
    let mut page = document.start_page_with(page_settings);
    let mut surface = page.surface();
    let mut pen = Pen {
        surface: &mut surface,
    };
    let drawn = draw_page(&mut pen, &faces, data, &text, &qr)?;
    surface.finish();

    // Annotations can only be added once the surface is released. The link makes the printed
    // URL clickable in the PDF; PDF/UA wants it tagged together with the text it covers.
    let link = Annotation::new_link(
        LinkAnnotation::new(
            drawn.caption_rect,
            Target::Action(LinkAction::new(data.verify_url.clone()).into()),
        ),
        Some(text.link.clone()),
    );
    let link_id = page.add_tagged_annotation(link);
    page.finish();

    document.set_tag_tree(tag_tree(&text, drawn, link_id));
    let mut outline = Outline::new();
    outline.push_child(OutlineNode::new(
        text.heading.clone(),
        XyzDestination::new(0, Point::from_xy(0.0, 0.0)),
    ));
    document.set_outline(outline);
    document.set_metadata(
        Metadata::new()
            .title(text.document_title.clone())
            .description(text.description.clone())
            .authors(vec![data.association_name.clone()])
            .creator("Lattice".into())
            .language(data.language.code().into())
            // PDF/A requires a document date. The endorsement date, not the time of drawing,
            // so a certificate downloaded twice is the same file, byte for byte.
            .creation_date(
                DateTime::new(u16::try_from(data.endorsed_on.year()).unwrap_or(0))
                    .month(u8::try_from(data.endorsed_on.month()).unwrap_or(1))
                    .day(u8::try_from(data.endorsed_on.day()).unwrap_or(1))
                    .hour(0)
                    .minute(0)
                    .second(0)
                    .utc_offset_hour(0)
                    .utc_offset_minute(0),
            ),
    );
    document.finish().map_err(pdf_error)
}

fn pdf_error(error: KrillaError) -> CertificateError {
    let message = match &error {
        KrillaError::Validation(problems) => {
            let list: Vec<String> = problems
                .iter()
                .map(|(problem, _): &(ValidationError, _)| format!("{problem:?}"))
                .collect();
            format!("{error}: {}", list.join("; "))
        }
        _ => error.to_string(),
    };
    CertificateError::Pdf(message)
}

/// The sentences of the certificate in its language, composed once so checking, drawing, the
/// tags and the document description use the same words. Each language's sentences are
/// written whole here (the web's Fluent files are the web's; this crate knows no HTTP), and
/// dates go through the language's one formatter, [`Language::diploma_date`].
struct Texts {
    language: Language,
    heading: String,
    certifies: &'static str,
    has_earned: &'static str,
    title_with_category: String,
    awarded_by: String,
    dates: String,
    number_label: &'static str,
    verify_caption: String,
    qr_alt: String,
    disclaimer: &'static str,
    link: String,
    document_title: String,
    description: String,
}

impl Texts {
    fn new(data: &CertificateData) -> Self {
        let category = data.category.trim();
        let title_with_category = if category.is_empty() {
            data.title_line.clone()
        } else {
            format!("{} ({category})", data.title_line)
        };
        let language = data.language;
        let date = |d: NaiveDate| language.diploma_date(d);
        let (name, association, number, url) = (
            &data.name_line,
            &data.association_name,
            &data.credential_number,
            &data.verify_url,
        );
        let (endorsed, through) = (date(data.endorsed_on), date(data.valid_through));
        match language {
            Language::English => Self {
                language,
                heading: "Certificate of Endorsement".into(),
                certifies: "This certifies that",
                has_earned: "has earned Endorsement® as",
                awarded_by: format!("awarded by {association}"),
                dates: match data.reinstated_on {
                    Some(reinstated) => format!(
                        "Endorsed {endorsed} · reinstated {} · valid through {through}",
                        date(reinstated)
                    ),
                    None => format!("Endorsed {endorsed} · valid through {through}"),
                },
                number_label: "Credential number ",
                verify_caption: format!("Verify at {url}"),
                qr_alt: format!(
                    "QR code that opens the verification page for credential {number}: {url}"
                ),
                disclaimer: "Endorsement® is a credential, not a license to practice.",
                link: format!("Verification page for credential {number}"),
                document_title: format!("Certificate of Endorsement: {name}"),
                description: format!(
                    "{name} has earned Endorsement® as {title_with_category}, awarded by \
                     {association}. Credential number {number}."
                ),
                title_with_category,
            },
            Language::Spanish => Self {
                language,
                heading: "Certificado de Endorsement®".into(),
                certifies: "Se certifica que",
                has_earned: "ha obtenido la credencial Endorsement® como",
                awarded_by: format!("otorgada por {association}"),
                dates: match data.reinstated_on {
                    Some(reinstated) => format!(
                        "Otorgada el {endorsed} · restablecida el {} · válida hasta el {through}",
                        date(reinstated)
                    ),
                    None => format!("Otorgada el {endorsed} · válida hasta el {through}"),
                },
                number_label: "Número de credencial ",
                verify_caption: format!("Verifíquela en {url}"),
                qr_alt: format!(
                    "Código QR que abre la página de verificación de la credencial {number}: {url}"
                ),
                disclaimer: "Endorsement® es una credencial, no una licencia para ejercer.",
                link: format!("Página de verificación de la credencial {number}"),
                document_title: format!("Certificado de Endorsement®: {name}"),
                description: format!(
                    "{name} ha obtenido la credencial Endorsement® como {title_with_category}, \
                     otorgada por {association}. Número de credencial {number}."
                ),
                title_with_category,
            },
        }
    }
}

#[derive(Clone, Copy)]
enum Align {
    Left(f32),
    Center(f32),
    Right(f32),
}

/// Draws on the page surface; every piece of text is a marked span whose identifier goes into
/// the tag tree, every decoration an artifact.
struct Pen<'s, 'p> {
    surface: &'s mut Surface<'p>,
}

impl Pen<'_, '_> {
    /// Draws one line of text with its baseline at `y` and returns its tag identifier.
    /// `width` is the measured width (the caller has it already, to fit the size).
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        face: &Face,
        size: f32,
        ink: (u8, u8, u8),
        align: Align,
        y: f32,
        width: f32,
        text: &str,
    ) -> Identifier {
        let x = match align {
            Align::Left(x) => x,
            Align::Center(cx) => cx - width / 2.0,
            Align::Right(right) => right - width,
        };
        let id = self
            .surface
            .start_tagged(ContentTag::Span(SpanTag::empty()));
        self.surface.set_fill(Some(Fill {
            paint: color(ink).into(),
            ..Fill::default()
        }));
        self.surface.draw_text(
            Point::from_xy(x, y),
            face.font.clone(),
            size,
            text,
            false,
            TextDirection::LeftToRight,
        );
        self.surface.end_tagged();
        id
    }

    /// Measures, shrinks to fit `max_width`, and draws.
    #[allow(clippy::too_many_arguments)]
    fn fitted(
        &mut self,
        face: &Face,
        max_size: f32,
        max_width: f32,
        ink: (u8, u8, u8),
        align: Align,
        y: f32,
        text: &str,
    ) -> Result<(Identifier, Rect), CertificateError> {
        let size = face.fit(text, max_size, max_width)?;
        let width = face.width_em(text)? * size;
        let id = self.text(face, size, ink, align, y, width, text);
        let left = match align {
            Align::Left(x) => x,
            Align::Center(cx) => cx - width / 2.0,
            Align::Right(right) => right - width,
        };
        // A box from ascender to descender, for the link annotation.
        let rect = Rect::from_xywh(left, y - size * 0.8, width.max(1.0), size * 1.05)
            .ok_or_else(|| CertificateError::Pdf("text box out of range".into()))?;
        Ok((id, rect))
    }

    fn decoration(&mut self, draw: impl FnOnce(&mut Surface<'_>)) {
        self.surface
            .start_tagged(ContentTag::Artifact(Artifact::with_kind(
                ArtifactType::Layout,
            )));
        draw(self.surface);
        self.surface.end_tagged();
    }
}

/// What the drawing produced for the tag tree, in reading order.
struct Drawn {
    heading: Identifier,
    certifies: Vec<Identifier>,
    name: Vec<Identifier>,
    has_earned: Vec<Identifier>,
    title: Vec<Identifier>,
    awarded_by: Vec<Identifier>,
    dates: Vec<Identifier>,
    number: Vec<Identifier>,
    qr: Identifier,
    qr_rect: Rect,
    caption: Identifier,
    caption_rect: Rect,
    disclaimer: Identifier,
}

fn rect(x: f32, y: f32, w: f32, h: f32) -> Result<Rect, CertificateError> {
    Rect::from_xywh(x, y, w, h).ok_or_else(|| CertificateError::Pdf("shape out of range".into()))
}

fn stroke(ink: (u8, u8, u8), width: f32) -> Stroke {
    Stroke {
        paint: color(ink).into(),
        width,
        ..Stroke::default()
    }
}

fn draw_page(
    pen: &mut Pen<'_, '_>,
    faces: &Faces,
    data: &CertificateData,
    text: &Texts,
    qr: &QrMatrix,
) -> Result<Drawn, CertificateError> {
    let accent = data.accent.unwrap_or(ACCENT);
    draw_border(pen, accent)?;
    if let Some(logo) = &data.logo {
        draw_logo(pen, logo)?;
    }

    let heading = pen.fitted(
        &faces.serif_bold,
        34.0,
        TEXT_WIDTH,
        accent,
        Align::Center(CENTER_X),
        130.0,
        &text.heading,
    )?;
    let rule = {
        let mut pb = PathBuilder::new();
        pb.move_to(CENTER_X - 70.0, 150.0);
        pb.line_to(CENTER_X + 70.0, 150.0);
        pb.finish()
    };
    if let Some(rule) = rule {
        pen.decoration(|s| {
            s.set_fill(None);
            s.set_stroke(Some(stroke(accent, 1.0)));
            s.draw_path(&rule);
            s.set_stroke(None);
        });
    }

    // The middle of the page flows downwards, so a name, title or association long enough
    // to take two lines pushes what follows down instead of overlapping it. The gaps were
    // chosen by eye; with every line on one line the block ends well above the QR code, and
    // even with all three wrapped it ends above it (the only full-width lines are the wrapped
    // ones, which come before the narrow date and number lines).
    let mut flow = Flow::start(194.0, 14.0);
    let certifies = flow.block(
        pen,
        0.0,
        &faces.sans,
        Wrap::single(14.0),
        MUTED,
        text.certifies,
    )?;
    let name = flow.block(
        pen,
        24.0,
        &faces.serif_bold,
        Wrap::new(34.0, 24.0),
        INK,
        &data.name_line,
    )?;
    let has_earned = flow.block(
        pen,
        24.0,
        &faces.sans,
        Wrap::single(14.0),
        MUTED,
        text.has_earned,
    )?;
    let title = flow.block(
        pen,
        16.0,
        &faces.serif_bold,
        Wrap::new(22.0, 17.0),
        INK,
        &text.title_with_category,
    )?;
    let awarded_by = flow.block(
        pen,
        14.0,
        &faces.serif,
        Wrap::new(15.0, 12.5),
        INK,
        &text.awarded_by,
    )?;
    let dates = flow.block(pen, 32.0, &faces.sans, Wrap::single(12.0), INK, &text.dates)?;
    let number = draw_number(
        pen,
        faces,
        text.number_label,
        &data.credential_number,
        flow.next_baseline(8.4, 12.0),
    )?;

    let qr_left = PAGE_WIDTH - FOOTER_INSET - QR_SIZE;
    let qr_top = PAGE_HEIGHT - 66.0 - QR_SIZE;
    let (qr_id, qr_rect) = draw_qr(pen, qr, qr_left, qr_top)?;
    // Right-aligned with the code's last module column rather than its (invisible) quiet zone.
    let qr_visible_right = qr_left + QR_SIZE - qr_quiet_width(qr);
    let caption = pen.fitted(
        &faces.sans,
        7.5,
        330.0,
        MUTED,
        Align::Right(qr_visible_right),
        PAGE_HEIGHT - 54.0,
        &text.verify_caption,
    )?;
    let disclaimer = pen.fitted(
        &faces.sans,
        9.0,
        300.0,
        MUTED,
        Align::Left(FOOTER_INSET),
        PAGE_HEIGHT - 54.0,
        text.disclaimer,
    )?;

    Ok(Drawn {
        heading: heading.0,
        certifies,
        name,
        has_earned,
        title,
        awarded_by,
        dates,
        number,
        qr: qr_id,
        qr_rect,
        caption: caption.0,
        caption_rect: caption.1,
        disclaimer: disclaimer.0,
    })
}

/// The box a logo is fitted into, centred above the heading and inside the border: wide
/// logos take the width, square ones the height; a logo is never enlarged past its pixels.
const LOGO_MAX_WIDTH: f32 = 200.0;
const LOGO_MAX_HEIGHT: f32 = 54.0;
const LOGO_TOP: f32 = 42.0;

/// The logo above the heading, as an artifact: the association's name is printed as text
/// below, so the picture adds nothing a screen reader should read out.
fn draw_logo(pen: &mut Pen<'_, '_>, logo: &Logo) -> Result<(), CertificateError> {
    let image = logo.image()?;
    let (w, h) = (logo.width() as f32, logo.height() as f32);
    let scale = (LOGO_MAX_WIDTH / w).min(LOGO_MAX_HEIGHT / h).min(1.0);
    let (width, height) = (w * scale, h * scale);
    let size = krilla::geom::Size::from_wh(width, height)
        .ok_or_else(|| CertificateError::Logo("size out of range".into()))?;
    let at = krilla::geom::Transform::from_translate(
        CENTER_X - width / 2.0,
        LOGO_TOP + (LOGO_MAX_HEIGHT - height) / 2.0,
    );
    pen.decoration(|s| {
        s.push_transform(&at);
        s.draw_image(image, size);
        s.pop();
    });
    Ok(())
}

/// A double rule around the page: a heavy outer line and a hairline inside it.
fn draw_border(pen: &mut Pen<'_, '_>, accent: (u8, u8, u8)) -> Result<(), CertificateError> {
    let outer = rect(22.0, 22.0, PAGE_WIDTH - 44.0, PAGE_HEIGHT - 44.0)?;
    let inner = rect(30.0, 30.0, PAGE_WIDTH - 60.0, PAGE_HEIGHT - 60.0)?;
    let path = |r: Rect| {
        let mut pb = PathBuilder::new();
        pb.push_rect(r);
        pb.finish()
    };
    let (Some(outer), Some(inner)) = (path(outer), path(inner)) else {
        return Err(CertificateError::Pdf("border out of range".into()));
    };
    pen.decoration(|s| {
        s.set_fill(None);
        s.set_stroke(Some(stroke(accent, 3.0)));
        s.draw_path(&outer);
        s.set_stroke(Some(stroke(accent, 0.75)));
        s.draw_path(&inner);
        s.set_stroke(None);
    });
    Ok(())
}

/// How a block of text may be sized: at most `max`, shrunk to fit the text width; if that
/// would make it smaller than `two_lines`, split over two lines at that size (or smaller).
#[derive(Clone, Copy)]
struct Wrap {
    max: f32,
    two_lines: f32,
}

impl Wrap {
    fn new(max: f32, two_lines: f32) -> Self {
        Self { max, two_lines }
    }

    /// Text that is short by construction: shrink if ever needed, never wrap.
    fn single(max: f32) -> Self {
        Self {
            max,
            two_lines: 0.0,
        }
    }

    /// The size and lines for `text`. The split is at the space that balances the two lines
    /// best; text without a space (or where splitting would not help) stays on one line.
    fn lines<'t>(
        &self,
        face: &Face,
        text: &'t str,
    ) -> Result<(f32, Vec<&'t str>), CertificateError> {
        let text = text.trim();
        let one_line = face.fit(text, self.max, TEXT_WIDTH)?;
        if one_line >= self.two_lines {
            return Ok((one_line, vec![text]));
        }
        let mut best: Option<(f32, &str, &str)> = None;
        for (at, _) in text.match_indices(' ') {
            let (first, second) = (text[..at].trim_end(), text[at..].trim_start());
            if first.is_empty() || second.is_empty() {
                continue;
            }
            let widest = face.width_em(first)?.max(face.width_em(second)?);
            if best.is_none_or(|(w, _, _)| widest < w) {
                best = Some((widest, first, second));
            }
        }
        Ok(match best {
            Some((widest, first, second)) if TEXT_WIDTH / widest > one_line => (
                (TEXT_WIDTH / widest).min(self.two_lines),
                vec![first, second],
            ),
            _ => (one_line, vec![text]),
        })
    }
}

/// A cursor down the centre of the page: the baseline of the last line drawn and its size.
struct Flow {
    baseline: f32,
    size: f32,
    first: bool,
}

impl Flow {
    fn start(baseline: f32, size: f32) -> Self {
        Self {
            baseline,
            size,
            first: true,
        }
    }

    /// Where a line of `size` goes when `gap` points of white space separate it from the
    /// previous line (measured from that line's descenders to this line's capitals).
    fn next_baseline(&self, gap: f32, size: f32) -> f32 {
        self.baseline + DESCENT * self.size + gap + CAP_HEIGHT * size
    }

    /// Draws `text` centred, in one or two lines, below the previous block.
    fn block(
        &mut self,
        pen: &mut Pen<'_, '_>,
        gap: f32,
        face: &Face,
        wrap: Wrap,
        ink: (u8, u8, u8),
        text: &str,
    ) -> Result<Vec<Identifier>, CertificateError> {
        let (size, lines) = wrap.lines(face, text)?;
        let mut y = if self.first {
            self.baseline
        } else {
            self.next_baseline(gap, size)
        };
        let mut ids = Vec::with_capacity(lines.len());
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                y += LEADING * size;
            }
            let width = face.width_em(line)? * size;
            // Every line but the last is drawn with its trailing space, so text extraction and
            // screen readers see a word boundary between lines (PDF/A-2a asks for explicit
            // spaces); centring uses the width without it.
            let drawn = if i + 1 < lines.len() {
                format!("{line} ")
            } else {
                (*line).to_owned()
            };
            ids.push(pen.text(face, size, ink, Align::Center(CENTER_X), y, width, &drawn));
        }
        self.baseline = y;
        self.size = size;
        self.first = false;
        Ok(ids)
    }
}

/// "Credential number" (in the certificate's language) in the regular face followed by the
/// number in bold, centred together.
fn draw_number(
    pen: &mut Pen<'_, '_>,
    faces: &Faces,
    label: &str,
    number: &str,
    y: f32,
) -> Result<Vec<Identifier>, CertificateError> {
    let em = faces.sans.width_em(label)? + faces.sans_bold.width_em(number)?;
    let size = if em * 12.0 <= TEXT_WIDTH {
        12.0
    } else {
        TEXT_WIDTH / em
    };
    let label_width = faces.sans.width_em(label)? * size;
    let number_width = faces.sans_bold.width_em(number)? * size;
    let left = CENTER_X - (label_width + number_width) / 2.0;
    Ok(vec![
        pen.text(
            &faces.sans,
            size,
            INK,
            Align::Left(left),
            y,
            label_width,
            label,
        ),
        pen.text(
            &faces.sans_bold,
            size,
            INK,
            Align::Left(left + label_width),
            y,
            number_width,
            number,
        ),
    ])
}

/// The width of the quiet zone around the QR code as drawn, in points.
fn qr_quiet_width(qr: &QrMatrix) -> f32 {
    QR_SIZE / (qr.width + 2 * QR_QUIET_MODULES) as f32 * QR_QUIET_MODULES as f32
}

/// The QR code as filled rectangles, one per horizontal run of dark modules, on a white square
/// that includes the quiet zone. Vector squares stay crisp at any print resolution.
fn draw_qr(
    pen: &mut Pen<'_, '_>,
    qr: &QrMatrix,
    left: f32,
    top: f32,
) -> Result<(Identifier, Rect), CertificateError> {
    let modules = qr.width + 2 * QR_QUIET_MODULES;
    let module = QR_SIZE / modules as f32;
    let origin = QR_QUIET_MODULES as f32 * module;
    let mut pb = PathBuilder::new();
    for y in 0..qr.width {
        let mut x = 0;
        while x < qr.width {
            if !qr.is_dark(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < qr.width && qr.is_dark(x, y) {
                x += 1;
            }
            pb.push_rect(rect(
                left + origin + start as f32 * module,
                top + origin + y as f32 * module,
                (x - start) as f32 * module,
                module,
            )?);
        }
    }
    let modules_path = pb
        .finish()
        .ok_or_else(|| CertificateError::Pdf("empty QR code".into()))?;
    let background = rect(left, top, QR_SIZE, QR_SIZE)?;
    let mut bg = PathBuilder::new();
    bg.push_rect(background);
    let background_path = bg
        .finish()
        .ok_or_else(|| CertificateError::Pdf("QR background out of range".into()))?;

    let surface = &mut *pen.surface;
    let id = surface.start_tagged(ContentTag::Other);
    surface.set_stroke(None);
    surface.set_fill(Some(Fill {
        paint: color(WHITE).into(),
        ..Fill::default()
    }));
    surface.draw_path(&background_path);
    surface.set_fill(Some(Fill {
        paint: color(BLACK).into(),
        ..Fill::default()
    }));
    surface.draw_path(&modules_path);
    surface.end_tagged();
    Ok((id, background))
}

/// The logical structure, in reading order: heading, the certifying sentences, the QR figure
/// with its caption (the link), then the disclaimer.
fn tag_tree(text: &Texts, drawn: Drawn, link: Identifier) -> TagTree {
    let paragraph = |ids: Vec<Identifier>| {
        TagGroup::with_children(Tag::P, ids.into_iter().map(Node::from).collect())
    };
    let heading_level = NonZeroU16::MIN;
    let mut tree = TagTree::new().with_lang(Some(text.language.code().into()));
    tree.push(TagGroup::with_children(
        Tag::Hn(heading_level, Some(text.heading.clone())),
        vec![drawn.heading.into()],
    ));
    tree.push(paragraph(drawn.certifies));
    tree.push(paragraph(drawn.name));
    tree.push(paragraph(drawn.has_earned));
    tree.push(paragraph(drawn.title));
    tree.push(paragraph(drawn.awarded_by));
    tree.push(paragraph(drawn.dates));
    tree.push(paragraph(drawn.number));
    tree.push(TagGroup::with_children(
        Tag::Figure(Some(text.qr_alt.clone())).with_bbox(Some(BBox::new(0, drawn.qr_rect))),
        vec![drawn.qr.into()],
    ));
    tree.push(TagGroup::with_children(
        Tag::Caption,
        vec![TagGroup::with_children(Tag::Link, vec![drawn.caption.into(), link.into()]).into()],
    ));
    tree.push(paragraph(vec![drawn.disclaimer]));
    tree
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::path::Path;
    use std::process::Command;

    use super::*;

    fn sample() -> CertificateData {
        CertificateData {
            name_line: "Grace Okafor, MSW, LICSW, IMH-E®".into(),
            title_line: "Infant Mental Health Specialist".into(),
            category: "IMHS".into(),
            association_name: "New Mexico Association for Infant Mental Health".into(),
            endorsed_on: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
            reinstated_on: None,
            valid_through: NaiveDate::from_ymd_opt(2027, 11, 25).unwrap(),
            credential_number: "NMAIMH-2026-000012-31".into(),
            verify_url: "https://lattice.example.org/verify/NMAIMH-2026-000012-31".into(),
            accent: None,
            logo: None,
            language: Language::English,
        }
    }

    /// A PNG of one flat colour, made with the png crate (the decoder krilla uses).
    fn png(width: u32, height: u32, depth: png::BitDepth, rgb: (u8, u8, u8)) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, width, height);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(depth);
            let mut writer = encoder.write_header().unwrap();
            let per_pixel: Vec<u8> = match depth {
                png::BitDepth::Sixteen => vec![rgb.0, 0, rgb.1, 0, rgb.2, 0],
                _ => vec![rgb.0, rgb.1, rgb.2],
            };
            let data: Vec<u8> = per_pixel
                .iter()
                .copied()
                .cycle()
                .take(per_pixel.len() * (width * height) as usize)
                .collect();
            writer.write_image_data(&data).unwrap();
        }
        out
    }

    static JPEG: &[u8] = include_bytes!("../tests/fixtures/logo.jpg");

    /// The colour of the pixel at (`x`, `y`) points of the page rendered at 72 dpi, or None
    /// where poppler is not installed.
    fn pixel_at(pdf: &[u8], x: usize, y: usize) -> Option<(u8, u8, u8)> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.pdf");
        std::fs::write(&file, pdf).unwrap();
        let base = dir.path().join("page");
        poppler(
            "pdftoppm",
            &[
                "-r",
                "72",
                "-singlefile",
                file.to_str().unwrap(),
                base.to_str().unwrap(),
            ],
        )?;
        let bytes = std::fs::read(dir.path().join("page.ppm")).unwrap();
        // "P6\n792 612\n255\n" then RGB triples.
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            while bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let start = at;
            while !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            fields.push(String::from_utf8(bytes[start..at].to_vec()).unwrap());
        }
        assert_eq!(fields[0], "P6");
        let width: usize = fields[1].parse().unwrap();
        let i = at + 1 + (y * width + x) * 3;
        Some((bytes[i], bytes[i + 1], bytes[i + 2]))
    }

    #[test]
    fn a_certificate_with_a_png_logo_draws_it_above_the_heading() {
        let red = (0xb0, 0x10, 0x20);
        let logo = Logo::read(png(120, 40, png::BitDepth::Eight, red)).unwrap();
        assert_eq!(
            (logo.width(), logo.height(), logo.format()),
            (120, 40, LogoFormat::Png)
        );
        let with = render(&CertificateData {
            logo: Some(logo),
            ..sample()
        })
        .unwrap();
        let without = render(&sample()).unwrap();
        assert!(contains(&with, b"/Subtype /Image") || contains(&with, b"/Subtype/Image"));
        assert!(!contains(&without, b"/Subtype /Image") && !contains(&without, b"/Subtype/Image"));
        // The middle of the logo's box: red with the logo, the white page without it.
        let middle = (
            CENTER_X as usize,
            (LOGO_TOP + LOGO_MAX_HEIGHT / 2.0) as usize,
        );
        if let Some(pixel) = pixel_at(&with, middle.0, middle.1) {
            assert_eq!(pixel, red);
            assert_eq!(
                pixel_at(&without, middle.0, middle.1),
                Some((255, 255, 255))
            );
        }
    }

    #[test]
    fn a_certificate_with_a_jpeg_logo_renders() {
        let logo = Logo::read(JPEG.to_vec()).unwrap();
        assert_eq!(
            (logo.width(), logo.height(), logo.format()),
            (240, 80, LogoFormat::Jpeg)
        );
        let pdf = render(&CertificateData {
            logo: Some(logo),
            ..sample()
        })
        .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }

    #[test]
    fn the_accent_colour_draws_the_border() {
        let accent = (0x7a, 0x1f, 0x5c);
        let pdf = render(&CertificateData {
            accent: Some(accent),
            ..sample()
        })
        .unwrap();
        // The heavy outer rule is 3 points wide at 22 points from the edge.
        if let Some(pixel) = pixel_at(&pdf, 300, 22) {
            assert_eq!(pixel, accent);
            let plain = render(&sample()).unwrap();
            assert_eq!(pixel_at(&plain, 300, 22), Some(ACCENT));
        }
    }

    #[test]
    fn logos_that_are_not_png_or_jpeg_are_refused() {
        let svg = b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
        assert_eq!(Logo::read(svg.to_vec()), Err(LogoError::Svg));
        assert_eq!(
            Logo::read(b"<svg onload=alert(1)>".to_vec()),
            Err(LogoError::Svg)
        );
        // A text file named logo.png is still text.
        assert_eq!(
            Logo::read(b"just some text, renamed to logo.png\n".to_vec()),
            Err(LogoError::NotPngOrJpeg)
        );
        assert_eq!(Logo::read(Vec::new()), Err(LogoError::Empty));
        let big = vec![0u8; Logo::MAX_BYTES + 1];
        assert_eq!(
            Logo::read(big),
            Err(LogoError::TooLarge {
                bytes: Logo::MAX_BYTES + 1
            })
        );
        // Exactly the limit is not refused for its size (it is refused as not an image).
        assert_eq!(
            Logo::read(vec![0u8; Logo::MAX_BYTES]),
            Err(LogoError::NotPngOrJpeg)
        );
        assert_eq!(
            Logo::read(png(2001, 1, png::BitDepth::Eight, (0, 0, 0))),
            Err(LogoError::TooManyPixels {
                width: 2001,
                height: 1
            })
        );
        // A PNG header on broken data is refused when it is decoded.
        let mut broken = png(64, 64, png::BitDepth::Eight, (1, 2, 3));
        let len = broken.len();
        broken[40..len - 20].fill(0x55);
        assert!(matches!(Logo::read(broken), Err(LogoError::Unreadable(_))));
        // A 16-bit PNG is taken: krilla reduces it to the 8 bits PDF/A-2 holds.
        assert!(Logo::read(png(8, 8, png::BitDepth::Sixteen, (1, 2, 3))).is_ok());
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    fn count(haystack: &[u8], needle: &[u8]) -> usize {
        haystack
            .windows(needle.len())
            .filter(|w| *w == needle)
            .count()
    }

    /// Decodes every QR code rqrr finds in a greyscale bitmap.
    fn decode_qr(width: usize, height: usize, pixels: &[u8]) -> Vec<String> {
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
            pixels[y * width + x]
        });
        image
            .detect_grids()
            .into_iter()
            .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
            .collect()
    }

    #[test]
    fn renders_a_pdf() {
        let pdf = render(&sample()).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "not a PDF header");
        assert!(pdf.ends_with(b"%%EOF") || pdf.ends_with(b"%%EOF\n"));
    }

    #[test]
    fn the_same_endorsement_gives_the_same_file() {
        // No clock and no random document id: a certificate downloaded twice is identical,
        // so it can be cached and compared.
        assert_eq!(render(&sample()).unwrap(), render(&sample()).unwrap());
    }

    #[test]
    fn fonts_are_embedded_as_subsets() {
        let pdf = render(&sample()).unwrap();
        // Each font used has its TrueType program embedded (/FontFile2) under a subset name
        // (six-letter tag, "+", PostScript name), the form PDF/A requires; a merely referenced
        // font would have neither.
        assert_eq!(count(&pdf, b"/FontFile2"), 4, "four faces, each embedded");
        for face in [
            "DejaVuSans",
            "DejaVuSans-Bold",
            "DejaVuSerif",
            "DejaVuSerif-Bold",
        ] {
            assert!(
                contains(&pdf, format!("+{face}").as_bytes()),
                "{face} is not embedded as a subset"
            );
        }
    }

    #[test]
    fn is_tagged_with_title_language_and_conformance_claims() {
        let pdf = render(&sample()).unwrap();
        assert!(contains(&pdf, b"/StructTreeRoot"), "no structure tree");
        assert!(contains(&pdf, b"/MarkInfo"), "not marked as tagged");
        assert!(contains(&pdf, b"/Lang(en)"), "no document language");
        assert!(
            contains(&pdf, b"/Alt(QR code that opens"),
            "QR figure has no alt text"
        );
        assert!(contains(&pdf, b"pdfuaid:part"), "no PDF/UA claim");
        assert!(contains(&pdf, b"pdfaid:part"), "no PDF/A claim");
    }

    /// A certificate made in Spanish: its sentences and dates in Spanish, read back from the
    /// PDF by poppler's `pdftotext`; its document and structure tagged `es`; the holder's
    /// data and the category's registered title as given.
    #[test]
    fn a_spanish_certificate_says_it_in_spanish_and_is_tagged_es() {
        let data = CertificateData {
            language: Language::Spanish,
            reinstated_on: NaiveDate::from_ymd_opt(2029, 3, 2),
            ..sample()
        };
        let pdf = render(&data).unwrap();
        assert!(contains(&pdf, b"/Lang(es)"), "document language");
        assert!(!contains(&pdf, b"/Lang(en)"), "an English tag left");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("certificado.pdf");
        std::fs::write(&path, &pdf).unwrap();
        let Some(out) = poppler("pdftotext", &[path.to_str().unwrap(), "-"]) else {
            return;
        };
        let text = String::from_utf8_lossy(&out.stdout).replace('\n', " ");
        for sentence in [
            "Certificado de Endorsement®",
            "Se certifica que",
            "Grace Okafor, MSW, LICSW, IMH-E®",
            "ha obtenido la credencial Endorsement® como",
            "Infant Mental Health Specialist (IMHS)",
            "otorgada por New Mexico Association for Infant Mental Health",
            "Otorgada el 26 de noviembre de 2026 · restablecida el 2 de marzo de 2029 · válida \
             hasta el 25 de noviembre de 2027",
            "Número de credencial NMAIMH-2026-000012-31",
            "Verifíquela en https://lattice.example.org/verify/NMAIMH-2026-000012-31",
            "Endorsement® es una credencial, no una licencia para ejercer.",
        ] {
            assert!(text.contains(sentence), "{sentence:?} in {text}");
        }
        for english in ["certifies", "awarded", "valid through", "Verify at"] {
            assert!(!text.contains(english), "{english:?} in {text}");
        }
        // The QR code's alternative text is a tag, not printed text: the words it is given.
        assert_eq!(
            Texts::new(&data).qr_alt,
            "Código QR que abre la página de verificación de la credencial \
             NMAIMH-2026-000012-31: https://lattice.example.org/verify/NMAIMH-2026-000012-31"
        );
        if let Ok(out) = std::env::var("LATTICE_CERTIFICATE_PREVIEW") {
            std::fs::write(out, &pdf).unwrap();
        }
    }

    #[test]
    fn a_very_long_name_still_renders() {
        let mut data = sample();
        data.name_line =
            "Dr. María Guadalupe Hernández-Villanueva de la Cruz y Montenegro-Saavedra, \
             PhD, LMFT, LPCC, LICSW, NCSP, RPT-S, IMH-E®"
                .into();
        data.association_name = "The Very Long Named Regional Alliance for Infant and Early \
             Childhood Mental Health of the Greater Southwestern United States"
            .into();
        data.title_line =
            "Infant Mental Health Mentor – Clinical, Policy and Research (all three)".into();
        let pdf = render(&data).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));

        // And a name with no space to break at.
        data.name_line = "X".repeat(300);
        assert!(render(&data).unwrap().starts_with(b"%PDF-"));
    }

    #[test]
    fn long_lines_shrink_to_the_text_width() {
        let faces = Faces::load().unwrap();
        let short = faces.serif_bold.fit("Ana Ruiz", 34.0, TEXT_WIDTH).unwrap();
        assert_eq!(short, 34.0, "a short name keeps the full size");
        let long = "Dr. María Guadalupe Hernández-Villanueva de la Cruz, PhD, LMFT, IMH-E®";
        let size = faces.serif_bold.fit(long, 34.0, TEXT_WIDTH).unwrap();
        assert!(size < 34.0);
        let width = faces.serif_bold.width_em(long).unwrap() * size;
        assert!((width - TEXT_WIDTH).abs() < 0.01, "fitted width {width}");
    }

    #[test]
    fn the_qr_code_decodes_to_exactly_the_verify_url() {
        let url = sample().verify_url;
        let qr = QrMatrix::encode(&url).unwrap();
        // Draw the matrix as the page does (quiet zone included) at 4 px a module and scan it.
        let scale = 4;
        let side = (qr.width + 2 * QR_QUIET_MODULES) * scale;
        let mut pixels = vec![255u8; side * side];
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = (x / scale, y / scale);
                let inside = (QR_QUIET_MODULES..QR_QUIET_MODULES + qr.width).contains(&mx)
                    && (QR_QUIET_MODULES..QR_QUIET_MODULES + qr.width).contains(&my);
                if inside && qr.is_dark(mx - QR_QUIET_MODULES, my - QR_QUIET_MODULES) {
                    pixels[y * side + x] = 0;
                }
            }
        }
        assert_eq!(decode_qr(side, side, &pixels), vec![url]);
    }

    #[test]
    fn refuses_characters_the_font_cannot_draw() {
        let mut data = sample();
        data.name_line = "Grace 王 Okafor".into();
        let err = render(&data).unwrap_err();
        assert!(
            matches!(
                err,
                CertificateError::UnsupportedCharacter {
                    field: "name",
                    ch: '王'
                }
            ),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "the certificate's name contains '王' (U+738B), which the certificate font cannot draw"
        );
    }

    #[test]
    fn refuses_an_empty_name() {
        let mut data = sample();
        data.name_line = "  ".into();
        assert!(matches!(
            render(&data),
            Err(CertificateError::Empty { field: "name" })
        ));
    }

    #[test]
    fn a_reinstated_certificate_keeps_the_original_date_and_says_reinstated() {
        let original = sample();
        assert_eq!(
            Texts::new(&original).dates,
            "Endorsed 26 November 2026 · valid through 25 November 2027"
        );
        let reinstated = CertificateData {
            reinstated_on: NaiveDate::from_ymd_opt(2029, 3, 2),
            ..sample()
        };
        assert_eq!(
            Texts::new(&reinstated).dates,
            "Endorsed 26 November 2026 · reinstated 2 March 2029 · valid through 25 November 2027"
        );
        assert!(render(&reinstated).is_ok());
    }

    #[test]
    fn dates_read_like_a_diploma() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 6).unwrap();
        let data = |language| CertificateData {
            endorsed_on: day,
            language,
            ..sample()
        };
        assert_eq!(
            Texts::new(&data(Language::English)).dates,
            "Endorsed 6 November 2026 · valid through 25 November 2027"
        );
        assert_eq!(
            Texts::new(&data(Language::Spanish)).dates,
            "Otorgada el 6 de noviembre de 2026 · válida hasta el 25 de noviembre de 2027"
        );
    }

    /// Runs a poppler tool; `None` when it is not installed, except under `CI=true`, where
    /// the project's rule is that a test needing a tool fails rather than skips.
    fn poppler(tool: &str, args: &[&str]) -> Option<std::process::Output> {
        match Command::new(tool).args(args).output() {
            Ok(output) => {
                assert!(
                    output.status.success(),
                    "{tool} failed: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
                Some(output)
            }
            Err(e) if std::env::var("CI").as_deref() == Ok("true") => {
                panic!("CI=true but {tool} (poppler-utils) is missing: {e}")
            }
            Err(e) => {
                eprintln!("skipping: {tool} (poppler-utils) is not installed: {e}");
                None
            }
        }
    }

    /// Reads a binary greyscale PGM ("P5") as written by `pdftoppm -gray`.
    fn read_pgm(path: &Path) -> (usize, usize, Vec<u8>) {
        let bytes = std::fs::read(path).unwrap();
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            while bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let start = at;
            while !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            fields.push(String::from_utf8(bytes[start..at].to_vec()).unwrap());
        }
        assert_eq!(fields[0], "P5");
        let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
        let pixels = bytes[at + 1..].to_vec();
        assert_eq!(pixels.len(), w * h);
        (w, h, pixels)
    }

    #[test]
    fn rasterizes_with_poppler_and_the_printed_qr_code_scans() {
        let dir = tempfile::tempdir().unwrap();
        let pdf_path = dir.path().join("certificate.pdf");
        std::fs::write(&pdf_path, render(&sample()).unwrap()).unwrap();
        let pdf = pdf_path.to_str().unwrap();

        let png_base = dir.path().join("page");
        let Some(_) = poppler(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "60",
                "-singlefile",
                pdf,
                png_base.to_str().unwrap(),
            ],
        ) else {
            return;
        };
        let png = std::fs::read(dir.path().join("page.png")).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "pdftoppm did not write a PNG");
        assert!(png.len() > 10_000, "PNG is only {} bytes", png.len());

        // Every font is embedded, as poppler sees it: the "emb" column is "yes" on every row.
        let fonts = poppler("pdffonts", &[pdf]).unwrap();
        let listing = String::from_utf8(fonts.stdout).unwrap();
        let rows: Vec<&str> = listing.lines().skip(2).collect();
        assert_eq!(rows.len(), 4, "{listing}");
        for row in rows {
            let columns: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(columns[columns.len() - 5], "yes", "not embedded: {row}");
        }

        // The code as printed, rasterized at 150 dpi, scans to the verification URL.
        let pgm_base = dir.path().join("scan");
        poppler(
            "pdftoppm",
            &[
                "-gray",
                "-r",
                "150",
                "-singlefile",
                pdf,
                pgm_base.to_str().unwrap(),
            ],
        )
        .unwrap();
        let (w, h, pixels) = read_pgm(&dir.path().join("scan.pgm"));
        assert_eq!(decode_qr(w, h, &pixels), vec![sample().verify_url]);
    }

    /// Writes a sample certificate and its rendering for a person to look at:
    /// `cargo nextest run -p lattice-web --lib certificate::tests::preview --run-ignored only`.
    #[test]
    #[ignore = "writes files for manual inspection"]
    fn preview() {
        let dir = std::env::temp_dir();
        let branded = CertificateData {
            association_name: "MassAIMH Endorsement Office".into(),
            accent: Some((0x7a, 0x1f, 0x5c)),
            logo: Some(Logo::read(include_bytes!("../tests/fixtures/logo.png").to_vec()).unwrap()),
            ..sample()
        };
        for (file, data) in [
            ("lattice-certificate", sample()),
            ("lattice-certificate-branded", branded),
            (
                "lattice-certificate-long",
                CertificateData {
                    name_line: "Dr. María Guadalupe Hernández-Villanueva de la Cruz, PhD, \
                                LMFT, LPCC, IMH-E®"
                        .into(),
                    ..sample()
                },
            ),
            (
                "lattice-certificate-extreme",
                CertificateData {
                    name_line: "X".repeat(120),
                    title_line: "Infant Mental Health Mentor – Clinical, Policy and Research \
                                 with an unusually long category title"
                        .into(),
                    association_name: "The Very Long Named Regional Alliance for Infant and \
                                       Early Childhood Mental Health of the Greater \
                                       Southwestern United States"
                        .into(),
                    verify_url: format!(
                        "https://credentials.example-association.org/registry/verify/{}",
                        "NMAIMH-2026-000012-31-with-a-long-suffix"
                    ),
                    ..sample()
                },
            ),
        ] {
            let pdf = dir.join(format!("{file}.pdf"));
            std::fs::write(&pdf, render(&data).unwrap()).unwrap();
            let base = dir.join(file);
            poppler(
                "pdftoppm",
                &[
                    "-png",
                    "-r",
                    "100",
                    "-singlefile",
                    pdf.to_str().unwrap(),
                    base.to_str().unwrap(),
                ],
            );
            eprintln!("wrote {} and {}.png", pdf.display(), base.display());
        }
    }
}
