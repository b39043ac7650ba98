//! Indicator releases: every publication of cells, with its provenance, and
//! every value a later release changed.
//!
//! A release covers the (indicator, period) pairs its cells have. Publishing
//! it replaces the current cells of exactly those pairs, keeps its own cells
//! for good (`indicator_release_cells`), and records each current value it
//! changes or removes as a revision: who, when, old → new. Cells of other
//! pairs stay as they were, so a year published in 2022 is not touched by
//! the release of 2023. Suppressed cells are stored without numbers, always.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use sqlx::{Any, Row, Transaction};
use uppsikt_domain::IndicatorDef;
use uppsikt_domain::tr;

use super::{CellSource, IndicatorCell, define_in, definitions_in};
use crate::error::{Entity, Invalid, NotFound};
use crate::{Result, Store, sha256_hex};

/// Who publishes a release, and from what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseMeta {
    /// The source as readers see it, and whether the values are synthetic.
    pub source: CellSource,
    /// The account that publishes (an analyst), or `uppsikt` for the demo.
    pub published_by: String,
    /// The operating-system user who ran the command.
    pub os_user: String,
    /// The input file's name as given; empty when the cells were computed in the same run.
    pub input_file: String,
    /// SHA-256 (hex) of the input file; for computed cells, of their CSV in the contract's form.
    pub input_sha256: String,
    /// The version of Uppsikt (and its engine) that checked or computed the cells.
    pub engine_version: String,
}

impl ReleaseMeta {
    /// A release of cells Uppsikt computed itself (the demo, tests), by `uppsikt`.
    pub fn generated(source: CellSource, cells: &[IndicatorCell]) -> ReleaseMeta {
        ReleaseMeta {
            source,
            published_by: "uppsikt".to_string(),
            os_user: os_user(),
            input_file: String::new(),
            input_sha256: sha256_hex(contract_csv(cells).as_bytes()),
            engine_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// The user running this process, as the operating system names it: by the
/// process's user id where it can be read (not by `$USER`, which anyone sets).
pub fn os_user() -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(uid) = std::fs::metadata("/proc/self").map(|m| m.uid()) {
            let uid_text = uid.to_string();
            let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
            let name = passwd.lines().find_map(|line| {
                let mut f = line.split(':');
                let name = f.next()?;
                (f.nth(1)? == uid_text).then(|| name.to_string())
            });
            return name.unwrap_or_else(|| format!("uid {uid}"));
        }
    }
    std::env::var("USER").unwrap_or_else(|_| "?".to_string())
}

/// Cells in the form of `shared/spec/register-data.md`'s published output.
pub fn contract_csv(cells: &[IndicatorCell]) -> String {
    let mut out = String::from("indicator,region,period,sex,numerator,denominator,value,suppressed\n");
    for c in cells {
        let c = c.clone().masked();
        let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{}\n",
            c.indicator,
            c.region,
            c.period,
            c.sex,
            num(c.numerator),
            num(c.denominator),
            c.value.map(|v| format!("{v:.1}")).unwrap_or_default(),
            c.suppressed
        ));
    }
    out
}

/// Checks a file of cells against the stored definitions and publishes it as
/// a release by `publisher`: the one way a file becomes a release, from the
/// command line and the API. `file` names the file in problems; the release
/// keeps only its last component, never a server path.
pub async fn publish_file(
    store: &Store,
    publisher: &str,
    source: CellSource,
    file: &str,
    bytes: &[u8],
) -> Result<Release> {
    let defs = super::definitions(store).await?;
    let cells = super::input::read_cells(file, bytes, &defs)?;
    let meta = ReleaseMeta {
        source,
        published_by: publisher.to_string(),
        os_user: os_user(),
        input_file: std::path::Path::new(file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        input_sha256: sha256_hex(bytes),
        engine_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    publish(store, &meta, &[], &cells).await
}

/// Publishes cells Uppsikt computed itself (the demo, tests) as a release by
/// `uppsikt`; when the same cells from the same source were published so
/// before, that release is returned and nothing is written.
pub async fn publish_computed(
    store: &Store,
    source: &CellSource,
    defs: &[IndicatorDef],
    cells: &[IndicatorCell],
) -> Result<Release> {
    let meta = ReleaseMeta::generated(source.clone(), cells);
    // The demo runs again and again: the same cells from the same source are the same release.
    let existing = releases(store).await?.into_iter().find(|r| {
        r.input_sha256 == meta.input_sha256
            && r.source == meta.source.description
            && r.published_by == meta.published_by
    });
    match existing {
        Some(r) => Ok(r),
        None => publish(store, &meta, defs, cells).await,
    }
}

/// A stored release.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Release {
    /// 1, 2, … in the order of publication.
    pub id: i64,
    /// When (ISO-8601 UTC).
    pub published_at: String,
    /// The publishing account.
    pub published_by: String,
    /// The operating-system user who ran the command.
    pub os_user: String,
    /// The source text.
    pub source: String,
    /// Synthetic values (the demo), to be marked as such wherever they show.
    pub synthetic: bool,
    /// The input file's name; empty for cells computed in the same run.
    pub input_file: String,
    /// SHA-256 of the input.
    pub input_sha256: String,
    /// Uppsikt's version.
    pub engine_version: String,
    /// SHA-256 (first 16 hex digits) of the indicator definitions at publication.
    pub definitions_version: String,
    /// Cells in the release.
    pub cells: i64,
    /// Of which suppressed.
    pub suppressed: i64,
    /// Current values the release changed or removed.
    pub revised: i64,
}

/// A published value a later release changed or removed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    /// The release that changed it.
    pub release: i64,
    /// When that release was published.
    pub published_at: String,
    /// Who published it.
    pub published_by: String,
    /// The cell's keys.
    pub indicator: String,
    /// County code or `00`.
    pub region: String,
    /// `YYYY` or `YYYY-MM`.
    pub period: String,
    /// `K`, `M` or `alla`.
    pub sex: String,
    /// The release the old value came from (`None`: published before releases existed).
    pub old_release: Option<i64>,
    /// The old value (`None` when it was suppressed).
    pub old_value: Option<f64>,
    /// Whether the old cell was suppressed.
    pub old_suppressed: bool,
    /// The new value (`None` when suppressed or removed).
    pub new_value: Option<f64>,
    /// Whether the new cell is suppressed; `None` when the release no longer has the cell.
    pub new_suppressed: Option<bool>,
}

type Key = (String, String, String, String);

fn key(c: &IndicatorCell) -> Key {
    (c.indicator.clone(), c.region.clone(), c.period.clone(), c.sex.clone())
}

/// Publishes `cells` as a new release, in one transaction, storing `defs`
/// first. Refuses an empty release, a cell whose indicator has no definition,
/// and a key given twice.
pub async fn publish(
    store: &Store,
    meta: &ReleaseMeta,
    defs: &[IndicatorDef],
    cells: &[IndicatorCell],
) -> Result<Release> {
    if cells.is_empty() {
        return Err(Invalid::Rule(tr!(release.empty)).into());
    }
    let mut seen = std::collections::HashSet::with_capacity(cells.len());
    if let Some(c) = cells.iter().find(|c| !seen.insert(key(c))) {
        return Err(Invalid::Rule(tr!(
            release.duplicate,
            indicator = c.indicator,
            region = c.region,
            period = c.period,
            sex = c.sex
        ))
        .into());
    }
    let mut tx = store.pool().begin().await?;
    for d in defs {
        define_in(&mut tx, d).await?;
    }
    let all_defs = definitions_in(&mut tx).await?;
    if let Some(c) = cells.iter().find(|c| !all_defs.iter().any(|d| d.id == c.indicator)) {
        return Err(Invalid::Rule(tr!(store.undefined_indicator, id = c.indicator)).into());
    }
    let id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM indicator_releases")
        .fetch_one(&mut *tx)
        .await?;
    let published_at = crate::users::now_iso();
    let cells: Vec<IndicatorCell> = cells.iter().cloned().map(IndicatorCell::masked).collect();
    let pairs: BTreeSet<(&str, &str)> = cells
        .iter()
        .map(|c| (c.indicator.as_str(), c.period.as_str()))
        .collect();
    let current = current_cells(&mut tx, &pairs).await?;
    let new_by_key: HashMap<Key, &IndicatorCell> = cells.iter().map(|c| (key(c), c)).collect();
    let mut revisions: Vec<(&Key, &Stored, Option<&IndicatorCell>)> = Vec::new();
    for (k, old) in &current {
        match new_by_key.get(k) {
            Some(new) if new.value == old.cell.value && new.suppressed == old.cell.suppressed => {}
            new => revisions.push((k, old, new.copied())),
        }
    }
    revisions.sort_by(|a, b| a.0.cmp(b.0));
    let release = Release {
        id,
        published_at: published_at.clone(),
        published_by: meta.published_by.clone(),
        os_user: meta.os_user.clone(),
        source: meta.source.description.clone(),
        synthetic: meta.source.synthetic,
        input_file: meta.input_file.clone(),
        input_sha256: meta.input_sha256.clone(),
        engine_version: meta.engine_version.clone(),
        definitions_version: definitions_version(&all_defs),
        cells: cells.len() as i64,
        suppressed: cells.iter().filter(|c| c.suppressed).count() as i64,
        revised: revisions.len() as i64,
    };
    insert_release(&mut tx, &release).await?;
    for (k, old, new) in &revisions {
        sqlx::query(
            "INSERT INTO indicator_revisions (release_id, indicator, region, period, sex, old_release_id,
               old_value, old_suppressed, new_value, new_suppressed)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id)
        .bind(&k.0)
        .bind(&k.1)
        .bind(&k.2)
        .bind(&k.3)
        .bind(old.release)
        .bind(old.cell.value)
        .bind(i64::from(old.cell.suppressed))
        .bind(new.and_then(|n| n.value))
        .bind(new.map(|n| i64::from(n.suppressed)))
        .execute(&mut *tx)
        .await?;
    }
    for (indicator, period) in &pairs {
        sqlx::query("DELETE FROM indicator_cells WHERE indicator = $1 AND period = $2")
            .bind(*indicator)
            .bind(*period)
            .execute(&mut *tx)
            .await?;
    }
    for c in &cells {
        insert_cell(&mut tx, id, meta, &published_at, c).await?;
    }
    tx.commit().await?;
    tracing::info!(
        release = id,
        cells = release.cells,
        revised = release.revised,
        "indicator release published"
    );
    Ok(release)
}

/// A current cell and the release it came from.
struct Stored {
    cell: IndicatorCell,
    release: Option<i64>,
}

async fn current_cells(tx: &mut Transaction<'_, Any>, pairs: &BTreeSet<(&str, &str)>) -> Result<HashMap<Key, Stored>> {
    let mut out = HashMap::new();
    for (indicator, period) in pairs {
        let rows = sqlx::query(
            "SELECT indicator, region, period, sex, numerator, denominator, value, suppressed, release_id
             FROM indicator_cells WHERE indicator = $1 AND period = $2",
        )
        .bind(*indicator)
        .bind(*period)
        .fetch_all(&mut **tx)
        .await?;
        for r in rows {
            let cell = super::cell_of(&r)?;
            out.insert(
                key(&cell),
                Stored {
                    cell,
                    release: r.try_get("release_id")?,
                },
            );
        }
    }
    Ok(out)
}

async fn insert_release(tx: &mut Transaction<'_, Any>, r: &Release) -> Result<()> {
    sqlx::query(
        "INSERT INTO indicator_releases (id, published_at, published_by, os_user, source, synthetic, input_file,
           input_sha256, engine_version, definitions_version, cells, suppressed, revised)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(r.id)
    .bind(&r.published_at)
    .bind(&r.published_by)
    .bind(&r.os_user)
    .bind(&r.source)
    .bind(i64::from(r.synthetic))
    .bind(&r.input_file)
    .bind(&r.input_sha256)
    .bind(&r.engine_version)
    .bind(&r.definitions_version)
    .bind(r.cells)
    .bind(r.suppressed)
    .bind(r.revised)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_cell(
    tx: &mut Transaction<'_, Any>,
    release: i64,
    meta: &ReleaseMeta,
    published_at: &str,
    c: &IndicatorCell,
) -> Result<()> {
    bind_cell(
        sqlx::query(
            "INSERT INTO indicator_release_cells
               (indicator, region, period, sex, numerator, denominator, value, suppressed, release_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        ),
        c,
    )
    .bind(release)
    .execute(&mut **tx)
    .await?;
    bind_cell(
        sqlx::query(
            "INSERT INTO indicator_cells
               (indicator, region, period, sex, numerator, denominator, value, suppressed, synthetic, source,
                published_at, release_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        ),
        c,
    )
    .bind(i64::from(meta.source.synthetic))
    .bind(&meta.source.description)
    .bind(published_at)
    .bind(release)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Binds a cell's eight columns as `$1`–`$8`, in the contract's order.
fn bind_cell<'q>(
    query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>,
    c: &'q IndicatorCell,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments> {
    query
        .bind(&c.indicator)
        .bind(&c.region)
        .bind(&c.period)
        .bind(&c.sex)
        .bind(c.numerator)
        .bind(c.denominator)
        .bind(c.value)
        .bind(i64::from(c.suppressed))
}

/// The first 16 hex digits of the SHA-256 of the definitions (sorted by id, as JSON).
fn definitions_version(defs: &[IndicatorDef]) -> String {
    let mut sorted: Vec<&IndicatorDef> = defs.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let json = serde_json::to_vec(&sorted).unwrap_or_default();
    sha256_hex(&json)[..16].to_string()
}

fn release_of(r: &sqlx::any::AnyRow) -> Result<Release> {
    Ok(Release {
        id: r.try_get("id")?,
        published_at: r.try_get("published_at")?,
        published_by: r.try_get("published_by")?,
        os_user: r.try_get("os_user")?,
        source: r.try_get("source")?,
        synthetic: r.try_get::<i64, _>("synthetic")? != 0,
        input_file: r.try_get("input_file")?,
        input_sha256: r.try_get("input_sha256")?,
        engine_version: r.try_get("engine_version")?,
        definitions_version: r.try_get("definitions_version")?,
        cells: r.try_get("cells")?,
        suppressed: r.try_get("suppressed")?,
        revised: r.try_get("revised")?,
    })
}

/// Every release, newest first.
pub async fn releases(store: &Store) -> Result<Vec<Release>> {
    stored(store, None).await
}

/// One release.
pub async fn release(store: &Store, id: i64) -> Result<Release> {
    let found = if id > 0 {
        stored(store, Some(id)).await?
    } else {
        Vec::new()
    };
    found
        .into_iter()
        .next()
        .ok_or_else(|| NotFound::new(Entity::Release, id.to_string()).into())
}

/// The release `id`, or every release, newest first.
async fn stored(store: &Store, id: Option<i64>) -> Result<Vec<Release>> {
    let rows = sqlx::query(
        "SELECT id, published_at, published_by, os_user, source, synthetic, input_file, input_sha256,
                engine_version, definitions_version, cells, suppressed, revised
         FROM indicator_releases WHERE $1 = 0 OR id = $1 ORDER BY id DESC",
    )
    .bind(id.unwrap_or(0))
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(release_of).collect()
}

/// The cells a release published (suppressed ones without numbers), in the contract's byte order.
pub async fn release_cells(store: &Store, id: i64) -> Result<Vec<IndicatorCell>> {
    release(store, id).await?;
    let rows = sqlx::query(
        "SELECT indicator, region, period, sex, numerator, denominator, value, suppressed
         FROM indicator_release_cells WHERE release_id = $1",
    )
    .bind(id)
    .fetch_all(store.pool())
    .await?;
    let mut cells = rows.iter().map(super::cell_of).collect::<Result<Vec<_>>>()?;
    cells.sort_by_key(key);
    Ok(cells)
}

/// Revisions, oldest release first, of one release and/or one indicator (all when `None`).
pub async fn revisions(store: &Store, release: Option<i64>, indicator: Option<&str>) -> Result<Vec<Revision>> {
    let rows = sqlx::query(
        "SELECT v.release_id, r.published_at, r.published_by, v.indicator, v.region, v.period, v.sex,
                v.old_release_id, v.old_value, v.old_suppressed, v.new_value, v.new_suppressed
         FROM indicator_revisions v JOIN indicator_releases r ON r.id = v.release_id
         WHERE ($1 = 0 OR v.release_id = $1) AND ($2 = '' OR v.indicator = $2)",
    )
    .bind(release.unwrap_or(0))
    .bind(indicator.unwrap_or(""))
    .fetch_all(store.pool())
    .await?;
    let mut out = rows
        .iter()
        .map(|r| {
            Ok(Revision {
                release: r.try_get("release_id")?,
                published_at: r.try_get("published_at")?,
                published_by: r.try_get("published_by")?,
                indicator: r.try_get("indicator")?,
                region: r.try_get("region")?,
                period: r.try_get("period")?,
                sex: r.try_get("sex")?,
                old_release: r.try_get("old_release_id")?,
                old_value: r.try_get("old_value")?,
                old_suppressed: r.try_get::<i64, _>("old_suppressed")? != 0,
                new_value: r.try_get("new_value")?,
                new_suppressed: r.try_get::<Option<i64>, _>("new_suppressed")?.map(|s| s != 0),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    out.sort_by(|a, b| {
        (a.release, &a.indicator, &a.region, &a.period, &a.sex).cmp(&(
            b.release,
            &b.indicator,
            &b.region,
            &b.period,
            &b.sex,
        ))
    });
    Ok(out)
}

/// The current cells whose value came from a release that revised it, for
/// the note "reviderad" next to a figure.
#[derive(Debug, Clone, Default)]
pub struct Revised(std::collections::HashSet<Key>);

impl Revised {
    /// Whether `cell`'s current value is a revision.
    pub fn contains(&self, cell: &IndicatorCell) -> bool {
        self.0.contains(&key(cell))
    }

    /// How many current values are revisions.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no current value is a revision.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Which current cells are revisions (see [`Revised`]).
pub async fn revised_now(store: &Store) -> Result<Revised> {
    let rows = sqlx::query(
        "SELECT c.indicator, c.region, c.period, c.sex FROM indicator_cells c
         JOIN indicator_revisions v ON v.release_id = c.release_id AND v.indicator = c.indicator
           AND v.region = c.region AND v.period = c.period AND v.sex = c.sex",
    )
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("indicator")?,
                r.try_get("region")?,
                r.try_get("period")?,
                r.try_get("sex")?,
            ))
        })
        .collect::<Result<_>>()
        .map(Revised)
}
