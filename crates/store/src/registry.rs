//! Regions and municipalities.

use sqlx::{Any, Row, Transaction};
use uppsikt_domain::{Municipality, Region, RegionCode};

use crate::{Result, Store};

pub(crate) async fn upsert_regions(tx: &mut Transaction<'_, Any>, regions: &[Region]) -> Result<()> {
    for r in regions {
        sqlx::query(
            "INSERT INTO regions (code, name, county, organisation, population, population_year)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, county = excluded.county,
               organisation = excluded.organisation, population = excluded.population,
               population_year = excluded.population_year",
        )
        .bind(r.code.as_str())
        .bind(&r.name)
        .bind(&r.county)
        .bind(&r.organisation)
        .bind(r.population)
        .bind(r.population_year as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub(crate) async fn upsert_municipalities(tx: &mut Transaction<'_, Any>, ms: &[Municipality]) -> Result<()> {
    for m in ms {
        sqlx::query(
            "INSERT INTO municipalities (code, name, region) VALUES ($1, $2, $3)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, region = excluded.region",
        )
        .bind(m.code.as_str())
        .bind(&m.name)
        .bind(m.region.as_str())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// All regions in code order.
pub async fn regions(store: &Store) -> Result<Vec<Region>> {
    let rows =
        sqlx::query("SELECT code, name, county, organisation, population, population_year FROM regions ORDER BY code")
            .fetch_all(store.pool())
            .await?;
    rows.iter()
        .map(|r| {
            Ok(Region {
                code: r.try_get::<String, _>("code")?.parse()?,
                name: r.try_get("name")?,
                county: r.try_get("county")?,
                organisation: r.try_get("organisation")?,
                population: r.try_get("population")?,
                population_year: r.try_get::<i64, _>("population_year")? as i32,
            })
        })
        .collect()
}

/// The region of `code`, if it is one of the registry's.
pub async fn region(store: &Store, code: RegionCode) -> Result<Option<Region>> {
    Ok(regions(store).await?.into_iter().find(|r| r.code == code))
}

/// All municipalities in code order.
pub async fn municipalities(store: &Store) -> Result<Vec<Municipality>> {
    let rows = sqlx::query("SELECT code, name, region FROM municipalities ORDER BY code")
        .fetch_all(store.pool())
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Municipality {
                code: r.try_get::<String, _>("code")?.parse()?,
                name: r.try_get("name")?,
                region: r.try_get::<String, _>("region")?.parse()?,
            })
        })
        .collect()
}
