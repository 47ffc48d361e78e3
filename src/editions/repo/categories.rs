//! The `categories` table: an edition's five categories, renamed by organisers.

use crate::db::Conn;
use crate::editions::core::Category;
use crate::site::CategoryFixture;

const CATEGORY_COLUMNS: &str = "id, edition_id, slug, name, description, position";

/// An edition's categories in their order.
pub async fn categories(conn: &mut Conn, edition_id: i64) -> sqlx::Result<Vec<Category>> {
    sqlx::query_as(&format!(
        "SELECT {CATEGORY_COLUMNS} FROM categories WHERE edition_id = $1 ORDER BY position, id"
    ))
    .bind(edition_id)
    .fetch_all(conn)
    .await
}

/// Renames and redescribes a category of that edition; `Ok(false)` when it is not one of its.
pub async fn update_category(
    conn: &mut Conn,
    edition_id: i64,
    category_id: i64,
    name: &str,
    description: &str,
) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE categories SET name = $3, description = $4 WHERE edition_id = $1 AND id = $2")
            .bind(edition_id)
            .bind(category_id)
            .bind(name)
            .bind(description)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives a new edition `categories` at positions 1, 2, …
pub async fn insert(conn: &mut Conn, edition_id: i64, categories: &[CategoryFixture]) -> sqlx::Result<()> {
    for (position, category) in (1_i64..).zip(categories) {
        sqlx::query(
            "INSERT INTO categories (edition_id, slug, name, description, position) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(edition_id)
        .bind(&category.slug)
        .bind(&category.name)
        .bind(&category.description)
        .bind(position)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
