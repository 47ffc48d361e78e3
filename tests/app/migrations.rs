//! Both engines' migration folders hold the same versions and build the same schema.

use std::collections::BTreeSet;
use std::path::Path;

fn versions(engine: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(engine);
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            let version = name.strip_suffix(".sql")?.split('_').next()?.to_string();
            Some(version)
        })
        .collect()
}

#[test]
fn sqlite_and_postgres_have_the_same_migration_versions() {
    let sqlite = versions("sqlite");
    let postgres = versions("postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
    for version in &sqlite {
        assert!(
            version.len() == 14 && version.chars().all(|c| c.is_ascii_digit()),
            "{version} is a timestamp"
        );
    }
}

/// The schema a migration folder produces, in engine-neutral terms.
mod schema {
    use std::collections::{BTreeMap, BTreeSet};

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Dialect {
        Sqlite,
        Postgres,
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Column {
        /// Normalised: `int64`, `int32`, `text`, `float64`…
        pub ty: String,
        pub not_null: bool,
        pub primary_key: bool,
        pub default: Option<String>,
        pub references: Option<String>,
    }

    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Table {
        pub columns: BTreeMap<String, Column>,
        /// (columns, unique), primary keys aside.
        pub indexes: BTreeSet<(Vec<String>, bool)>,
    }

    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Schema {
        pub tables: BTreeMap<String, Table>,
        /// Indexes created by name (`CREATE INDEX name`), with their table.
        pub named_indexes: BTreeMap<String, String>,
    }

    /// The engine-neutral name of a declared type. SQLite's INTEGER is always 64 bits; in
    /// PostgreSQL, INTEGER is 32.
    pub fn normalise_type(dialect: Dialect, declared: &str) -> String {
        let upper = declared.to_uppercase();
        let base =
            upper.split('(').next().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
        let ty = match (dialect, base.as_str()) {
            (Dialect::Sqlite, "INTEGER" | "INT" | "BIGINT") => "int64",
            (Dialect::Postgres, "BIGINT" | "INT8" | "BIGSERIAL" | "SERIAL8") => "int64",
            (Dialect::Postgres, "INTEGER" | "INT" | "INT4" | "SERIAL" | "SERIAL4") => "int32",
            (Dialect::Postgres, "SMALLINT" | "INT2") => "int16",
            (_, "TEXT" | "VARCHAR" | "CHARACTER VARYING" | "CHAR" | "CHARACTER") => "text",
            (Dialect::Sqlite, "REAL" | "DOUBLE" | "DOUBLE PRECISION" | "FLOAT") => "float64",
            (Dialect::Postgres, "DOUBLE PRECISION" | "FLOAT8") => "float64",
            (Dialect::Postgres, "REAL" | "FLOAT4") => "float32",
            (Dialect::Sqlite, "BLOB") | (Dialect::Postgres, "BYTEA") => "bytes",
            (Dialect::Postgres, "BOOLEAN" | "BOOL") => "bool",
            _ => return format!("unknown:{base}"),
        };
        ty.to_string()
    }

    /// A default as both engines may print it: without PostgreSQL's casts and outer brackets;
    /// sequences are not a default but the key's generation.
    pub fn normalise_default(default: &str) -> Option<String> {
        let mut d = default.trim().to_string();
        if d.to_lowercase().starts_with("nextval(") {
            return None;
        }
        loop {
            let stripped = d.strip_prefix('(').and_then(|x| x.strip_suffix(')')).map(str::to_string);
            match stripped {
                Some(inner) => d = inner.trim().to_string(),
                None => break,
            }
        }
        if let Some(pos) = d.rfind("::") {
            if d[pos + 2..].chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '_') {
                d.truncate(pos);
            }
        }
        Some(d.trim().to_string())
    }

    #[derive(Debug, Clone, PartialEq)]
    enum Token {
        Word(String),
        Quoted(String),
        Group(String),
        Other(char),
    }

    impl Token {
        fn is(&self, keyword: &str) -> bool {
            matches!(self, Token::Word(w) if w.eq_ignore_ascii_case(keyword))
        }
        fn text(&self) -> String {
            match self {
                Token::Word(w) => w.clone(),
                Token::Quoted(q) => q.clone(),
                Token::Group(g) => format!("({g})"),
                Token::Other(c) => c.to_string(),
            }
        }
    }

    /// Words, quoted strings (kept with their quotes), bracketed groups (their inside).
    fn tokens(sql: &str) -> Vec<Token> {
        let chars: Vec<char> = sql.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_whitespace() {
                i += 1;
            } else if c.is_alphanumeric() || c == '_' || c == '.' || c == '"' || c == '-' {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || "_.\"-".contains(chars[i])) {
                    i += 1;
                }
                out.push(Token::Word(chars[start..i].iter().collect::<String>().replace('"', "")));
            } else if c == '\'' {
                let start = i;
                i += 1;
                while i < chars.len() {
                    if chars[i] == '\'' {
                        if chars.get(i + 1) == Some(&'\'') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
                out.push(Token::Quoted(chars[start..i.min(chars.len())].iter().collect()));
            } else if c == '(' {
                let start = i + 1;
                let mut depth = 0;
                let mut quoted = false;
                while i < chars.len() {
                    match chars[i] {
                        '\'' => quoted = !quoted,
                        '(' if !quoted => depth += 1,
                        ')' if !quoted => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                out.push(Token::Group(chars[start..i.min(chars.len())].iter().collect()));
                i += 1;
            } else {
                out.push(Token::Other(c));
                i += 1;
            }
        }
        out
    }

    /// Splits at top-level commas.
    fn items(body: &str) -> Vec<String> {
        let mut out = Vec::new();
        let (mut depth, mut quoted, mut current) = (0, false, String::new());
        for c in body.chars() {
            match c {
                '\'' => quoted = !quoted,
                '(' if !quoted => depth += 1,
                ')' if !quoted => depth -= 1,
                ',' if !quoted && depth == 0 => {
                    out.push(std::mem::take(&mut current));
                    continue;
                }
                _ => {}
            }
            current.push(c);
        }
        out.push(current);
        out.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
    }

    fn column_names(group: &Token) -> Vec<String> {
        match group {
            Token::Group(g) => items(g).iter().map(|c| c.replace('"', "").to_lowercase()).collect(),
            other => panic!("a column list, found {other:?}"),
        }
    }

    /// The statements of a migration, comments removed; a SQLite trigger's body and a
    /// PostgreSQL `$$` function body stay inside their statement.
    fn statements(sql: &str) -> Vec<String> {
        let mut text = String::new();
        for line in sql.lines() {
            let mut quoted = false;
            let mut kept = String::new();
            let chars: Vec<char> = line.chars().collect();
            let mut i = 0;
            while i < chars.len() {
                if chars[i] == '\'' {
                    quoted = !quoted;
                }
                if !quoted && chars[i] == '-' && chars.get(i + 1) == Some(&'-') {
                    break;
                }
                kept.push(chars[i]);
                i += 1;
            }
            text.push_str(&kept);
            text.push('\n');
        }
        let mut out = Vec::new();
        let mut current = String::new();
        let mut quoted = false;
        for c in text.chars() {
            if c == '\'' {
                quoted = !quoted;
            }
            if c == ';' && !quoted {
                let upper = current.trim().to_uppercase();
                let in_trigger = upper.starts_with("CREATE TRIGGER")
                    && upper.split_whitespace().any(|w| w == "BEGIN")
                    && !upper.ends_with("END");
                let in_body = current.matches("$$").count() % 2 == 1;
                if !in_trigger && !in_body {
                    out.push(std::mem::take(&mut current).trim().to_string());
                    continue;
                }
            }
            current.push(c);
        }
        out.push(current.trim().to_string());
        out.into_iter().filter(|s| !s.is_empty()).collect()
    }

    impl Schema {
        /// Applies the migrations of a folder, in order, to an empty schema.
        pub fn from_files(dialect: Dialect, files: &[(String, String)]) -> Schema {
            let mut schema = Schema::default();
            for (name, sql) in files {
                for statement in statements(sql) {
                    schema.apply(dialect, &statement).unwrap_or_else(|e| panic!("{name}: {e}\n{statement}"));
                }
            }
            schema
        }

        fn table(&mut self, name: &str) -> Result<&mut Table, String> {
            self.tables.get_mut(&name.to_lowercase()).ok_or_else(|| format!("no table {name}"))
        }

        fn apply(&mut self, dialect: Dialect, statement: &str) -> Result<(), String> {
            let t = tokens(statement);
            let word = |i: usize| t.get(i).map(|x| x.text().to_uppercase()).unwrap_or_default();
            match (word(0).as_str(), word(1).as_str()) {
                ("CREATE", "TABLE") => {
                    let mut i = 2;
                    if t[i].is("IF") {
                        i += 3;
                    }
                    let name = t[i].text().to_lowercase();
                    let Some(Token::Group(body)) = t.get(i + 1) else {
                        return Err("CREATE TABLE without columns".into());
                    };
                    self.tables.insert(name.clone(), Table::default());
                    for item in items(body) {
                        self.table_item(dialect, &name, &tokens(&item))?;
                    }
                }
                ("ALTER", "TABLE") => {
                    let table = t[2].text().to_lowercase();
                    let mut i = 4;
                    if word(3) == "ADD" {
                        if t[i].is("COLUMN") {
                            i += 1;
                        }
                        self.column(dialect, &table, &t[i..])?;
                    } else if word(3) == "ALTER" {
                        if t[i].is("COLUMN") {
                            i += 1;
                        }
                        let column = t[i].text().to_lowercase();
                        i += 1;
                        if t[i].is("SET") && t[i + 1].is("DATA") {
                            i += 2;
                        }
                        if !t[i].is("TYPE") {
                            return Err("only ALTER COLUMN … TYPE is understood here".into());
                        }
                        let ty = declared_type(&t[i + 1..]);
                        let col = self.table(&table)?.columns.get_mut(&column).ok_or("no such column")?;
                        col.ty = normalise_type(dialect, &ty);
                    } else {
                        return Err(format!(
                            "ALTER TABLE … {} is not understood here: teach this test",
                            word(3)
                        ));
                    }
                }
                ("CREATE", "INDEX") | ("CREATE", "UNIQUE") => {
                    let unique = word(1) == "UNIQUE";
                    let mut i = if unique { 3 } else { 2 };
                    if t[i].is("IF") {
                        i += 3;
                    }
                    let name = t[i].text().to_lowercase();
                    if !t[i + 1].is("ON") {
                        return Err("CREATE INDEX name ON table (columns)".into());
                    }
                    let table = t[i + 2].text().to_lowercase();
                    let columns = column_names(&t[i + 3]);
                    self.table(&table)?.indexes.insert((columns, unique));
                    self.named_indexes.insert(name, table);
                }
                ("DROP", "INDEX") => {
                    let name = t.last().map(Token::text).unwrap_or_default().to_lowercase();
                    self.named_indexes.remove(&name);
                    return Err("DROP INDEX: teach this test to remove the index from its table".into());
                }
                // Behaviour, not shape: compared by the tests of each feature.
                ("CREATE", "TRIGGER")
                | ("CREATE", "FUNCTION")
                | ("SELECT", _)
                | ("INSERT", _)
                | ("UPDATE", _)
                | ("DELETE", _) => {}
                _ => return Err("statement not understood here: teach this test".into()),
            }
            Ok(())
        }

        fn table_item(&mut self, dialect: Dialect, table: &str, t: &[Token]) -> Result<(), String> {
            if t[0].is("CONSTRAINT") {
                return self.table_item(dialect, table, &t[2..]);
            }
            if t[0].is("UNIQUE") {
                let columns = column_names(&t[1]);
                self.table(table)?.indexes.insert((columns, true));
            } else if t[0].is("PRIMARY") {
                for column in column_names(&t[2]) {
                    let col = self.table(table)?.columns.get_mut(&column).ok_or("no such column")?;
                    col.primary_key = true;
                    col.not_null = true;
                }
            } else if t[0].is("FOREIGN") {
                let column = column_names(&t[2]).remove(0);
                let target = t[4].text().to_lowercase();
                let col = self.table(table)?.columns.get_mut(&column).ok_or("no such column")?;
                col.references = Some(target);
            } else if t[0].is("CHECK") {
            } else {
                self.column(dialect, table, t)?;
            }
            Ok(())
        }

        fn column(&mut self, dialect: Dialect, table: &str, t: &[Token]) -> Result<(), String> {
            let name = t[0].text().to_lowercase();
            let ty = declared_type(&t[1..]);
            let mut column = Column {
                ty: normalise_type(dialect, &ty),
                not_null: false,
                primary_key: false,
                default: None,
                references: None,
            };
            let mut unique = false;
            let mut i = 1;
            while i < t.len() {
                if t[i].is("NOT") && t.get(i + 1).is_some_and(|n| n.is("NULL")) {
                    column.not_null = true;
                    i += 1;
                } else if t[i].is("PRIMARY") {
                    column.primary_key = true;
                    column.not_null = true;
                    i += 1;
                } else if t[i].is("UNIQUE") {
                    unique = true;
                } else if t[i].is("DEFAULT") {
                    column.default = t.get(i + 1).and_then(|d| normalise_default(&d.text()));
                    i += 1;
                } else if t[i].is("REFERENCES") {
                    column.references = t.get(i + 1).map(|r| r.text().to_lowercase());
                    i += 1;
                }
                i += 1;
            }
            let table = self.table(table)?;
            if unique {
                table.indexes.insert((vec![name.clone()], true));
            }
            table.columns.insert(name, column);
            Ok(())
        }
    }

    /// The words of a type, up to the first constraint keyword.
    fn declared_type(t: &[Token]) -> String {
        const STOP: [&str; 11] = [
            "NOT",
            "NULL",
            "DEFAULT",
            "PRIMARY",
            "REFERENCES",
            "UNIQUE",
            "CHECK",
            "COLLATE",
            "GENERATED",
            "CONSTRAINT",
            "USING",
        ];
        t.iter()
            .take_while(|x| matches!(x, Token::Word(w) if !STOP.contains(&w.to_uppercase().as_str())))
            .map(Token::text)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The differences between two schemas, one line each (empty: the same).
    pub fn differences(left: (&str, &Schema), right: (&str, &Schema)) -> Vec<String> {
        let ((ln, l), (rn, r)) = (left, right);
        let mut out = Vec::new();
        for (name, table) in &l.tables {
            let Some(other) = r.tables.get(name) else {
                out.push(format!("table {name}: in {ln} only"));
                continue;
            };
            for (column, def) in &table.columns {
                match other.columns.get(column) {
                    None => out.push(format!("{name}.{column}: in {ln} only")),
                    Some(o) if o != def => out.push(format!("{name}.{column}: {ln} {def:?} ≠ {rn} {o:?}")),
                    Some(_) => {}
                }
            }
            for column in other.columns.keys().filter(|c| !table.columns.contains_key(*c)) {
                out.push(format!("{name}.{column}: in {rn} only"));
            }
            for index in table.indexes.symmetric_difference(&other.indexes) {
                let side = if table.indexes.contains(index) { ln } else { rn };
                out.push(format!("{name}: index {index:?} in {side} only"));
            }
        }
        for name in r.tables.keys().filter(|t| !l.tables.contains_key(*t)) {
            out.push(format!("table {name}: in {rn} only"));
        }
        if l.named_indexes != r.named_indexes {
            out.push(format!("named indexes: {ln} {:?} ≠ {rn} {:?}", l.named_indexes, r.named_indexes));
        }
        out
    }
}

use schema::{Dialect, Schema};

fn files(engine: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(engine);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "sql").then(|| {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&path).unwrap())
            })
        })
        .collect();
    files.sort();
    files
}

fn file_schema(engine: &str) -> Schema {
    let dialect = if engine == "sqlite" { Dialect::Sqlite } else { Dialect::Postgres };
    Schema::from_files(dialect, &files(engine))
}

#[test]
fn both_migration_folders_build_the_same_schema() {
    let sqlite = file_schema("sqlite");
    let postgres = file_schema("postgres");
    assert!(sqlite.tables.len() > 10, "the parser reads the tables: {:?}", sqlite.tables.keys());
    assert!(sqlite.tables["users"].columns.len() > 10);
    let drift = schema::differences(("sqlite", &sqlite), ("postgres", &postgres));
    assert!(drift.is_empty(), "the migration folders drifted:\n{}", drift.join("\n"));
}

#[test]
fn the_comparison_sees_a_32_bit_integer_a_missing_column_and_a_missing_index() {
    let base = "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER NOT NULL DEFAULT 0, \
                s TEXT UNIQUE); CREATE INDEX t_n ON t (n);";
    let sqlite = Schema::from_files(Dialect::Sqlite, &[("1.sql".into(), base.into())]);
    let same =
        "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, n BIGINT NOT NULL DEFAULT 0, s VARCHAR(20) UNIQUE);\n\
                CREATE INDEX t_n ON t (n);";
    let postgres = Schema::from_files(Dialect::Postgres, &[("1.sql".into(), same.into())]);
    assert_eq!(schema::differences(("sqlite", &sqlite), ("postgres", &postgres)), Vec::<String>::new());
    for drifted in [
        "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0, s TEXT UNIQUE); \
         CREATE INDEX t_n ON t (n);",
        "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, n BIGINT NOT NULL DEFAULT 1, s TEXT UNIQUE); \
         CREATE INDEX t_n ON t (n);",
        "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, n BIGINT, s TEXT UNIQUE); CREATE INDEX t_n ON t (n);",
        "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, n BIGINT NOT NULL DEFAULT 0, s TEXT); CREATE INDEX t_n ON t (n);",
        "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, n BIGINT NOT NULL DEFAULT 0, s TEXT UNIQUE);",
        "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, s TEXT UNIQUE); ALTER TABLE t ADD COLUMN n BIGINT NOT NULL \
         DEFAULT 0; CREATE INDEX t_n ON t (n); ALTER TABLE t ADD COLUMN x TEXT;",
    ] {
        let postgres = Schema::from_files(Dialect::Postgres, &[("1.sql".into(), drifted.into())]);
        assert!(!schema::differences(("sqlite", &sqlite), ("postgres", &postgres)).is_empty(), "{drifted}");
    }
    // A later migration widening the column ends the drift.
    let fixed = Schema::from_files(
        Dialect::Postgres,
        &[
            ("1.sql".into(), same.replace("n BIGINT", "n INTEGER")),
            ("2.sql".into(), "ALTER TABLE t ALTER COLUMN n TYPE BIGINT;".into()),
        ],
    );
    assert_eq!(schema::differences(("sqlite", &sqlite), ("postgres", &fixed)), Vec::<String>::new());
}

/// The schema of a migrated database, read from the engine's catalogue.
async fn live_schema(pool: &label_territoires::db::DbPool) -> Schema {
    use label_territoires::db::Engine;
    use sqlx::Row;
    let mut schema = Schema::default();
    let mut conn = pool.pool.acquire().await.unwrap();
    match pool.engine {
        Engine::Sqlite => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                 AND name <> '_sqlx_migrations'",
            )
            .fetch_all(&mut *conn)
            .await
            .unwrap();
            for table in tables {
                let mut t = schema::Table::default();
                let references: Vec<(String, String)> =
                    sqlx::query_as("SELECT \"from\", \"table\" FROM pragma_foreign_key_list($1)")
                        .bind(&table)
                        .fetch_all(&mut *conn)
                        .await
                        .unwrap();
                let columns =
                    sqlx::query("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($1)")
                        .bind(&table)
                        .fetch_all(&mut *conn)
                        .await
                        .unwrap();
                for row in columns {
                    let name: String = row.get(0);
                    let primary_key = row.get::<i64, _>(4) > 0;
                    let default: Option<String> = row.get(3);
                    let column = schema::Column {
                        ty: schema::normalise_type(Dialect::Sqlite, &row.get::<String, _>(1)),
                        not_null: row.get::<i64, _>(2) == 1 || primary_key,
                        primary_key,
                        default: default.as_deref().and_then(schema::normalise_default),
                        references: references
                            .iter()
                            .find(|(c, _)| *c == name)
                            .map(|(_, t)| t.to_lowercase()),
                    };
                    t.columns.insert(name.to_lowercase(), column);
                }
                let indexes: Vec<(String, i64, String)> =
                    sqlx::query_as("SELECT name, \"unique\", origin FROM pragma_index_list($1)")
                        .bind(&table)
                        .fetch_all(&mut *conn)
                        .await
                        .unwrap();
                for (index, unique, origin) in indexes.into_iter().filter(|(_, _, o)| o != "pk") {
                    let columns: Vec<String> =
                        sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                            .bind(&index)
                            .fetch_all(&mut *conn)
                            .await
                            .unwrap();
                    t.indexes.insert((columns, unique == 1));
                    if origin == "c" {
                        schema.named_indexes.insert(index, table.clone());
                    }
                }
                schema.tables.insert(table, t);
            }
        }
        Engine::Postgres => {
            let columns = sqlx::query(
                "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text, \
                 column_default::text FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
            )
            .fetch_all(&mut *conn)
            .await
            .unwrap();
            let keys: Vec<(String, String)> = sqlx::query_as(
                "SELECT cl.relname::text, a.attname::text FROM pg_constraint c \
                 JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace \
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) \
                 WHERE c.contype = 'p' AND n.nspname = 'public'",
            )
            .fetch_all(&mut *conn)
            .await
            .unwrap();
            let references: Vec<(String, String, String)> = sqlx::query_as(
                "SELECT cl.relname::text, a.attname::text, f.relname::text FROM pg_constraint c \
                 JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class f ON f.oid = c.confrelid \
                 JOIN pg_namespace n ON n.oid = cl.relnamespace \
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] \
                 WHERE c.contype = 'f' AND n.nspname = 'public'",
            )
            .fetch_all(&mut *conn)
            .await
            .unwrap();
            for row in columns {
                let (table, name): (String, String) = (row.get(0), row.get(1));
                let primary_key = keys.contains(&(table.clone(), name.clone()));
                let default: Option<String> = row.get(4);
                let column = schema::Column {
                    ty: schema::normalise_type(Dialect::Postgres, &row.get::<String, _>(2)),
                    not_null: row.get::<String, _>(3) == "NO",
                    primary_key,
                    default: default.as_deref().and_then(schema::normalise_default),
                    references: references
                        .iter()
                        .find(|(t, c, _)| *t == table && *c == name)
                        .map(|(_, _, f)| f.to_lowercase()),
                };
                schema.tables.entry(table).or_default().columns.insert(name, column);
            }
            let indexes: Vec<(String, String, String, bool, bool)> = sqlx::query_as(
                "SELECT t.relname::text, i.relname::text, \
                 array_to_string(ARRAY(SELECT a.attname::text FROM unnest(ix.indkey::int2[]) WITH ORDINALITY \
                 AS k(attnum, ord) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
                 ORDER BY k.ord), ','), ix.indisunique, \
                 EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid) \
                 FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid \
                 JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
                 WHERE n.nspname = 'public' AND NOT ix.indisprimary AND t.relname <> '_sqlx_migrations'",
            )
            .fetch_all(&mut *conn)
            .await
            .unwrap();
            for (table, index, columns, unique, from_constraint) in indexes {
                let columns = columns.split(',').map(str::to_string).collect();
                schema.tables.entry(table.clone()).or_default().indexes.insert((columns, unique));
                if !from_constraint {
                    schema.named_indexes.insert(index, table);
                }
            }
        }
    }
    schema
}

/// The live schemas agree with what the folders say: on SQLite always (which also checks the
/// reading of the files), on PostgreSQL when `TEST_DATABASE_URL` is set, where both engines'
/// schemas are also compared with each other.
#[rocket::async_test]
async fn the_migrated_databases_have_the_schema_the_files_describe() {
    let sqlite_db = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", sqlite_db.path().join("schema.sqlite").display());
    let pool = label_territoires::db::connect(&url, 1).await.unwrap();
    label_territoires::db::migrate(&pool).await.unwrap();
    let sqlite = live_schema(&pool).await;
    pool.pool.close().await;
    let drift = schema::differences(("sqlite files", &file_schema("sqlite")), ("sqlite live", &sqlite));
    assert!(drift.is_empty(), "{}", drift.join("\n"));

    if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.trim().is_empty()) {
        let db = crate::common::TestDb::new().await;
        let pool = label_territoires::db::connect(&db.url, 1).await.unwrap();
        label_territoires::db::migrate(&pool).await.unwrap();
        let postgres = live_schema(&pool).await;
        pool.pool.close().await;
        let drift =
            schema::differences(("postgres files", &file_schema("postgres")), ("postgres live", &postgres));
        assert!(drift.is_empty(), "{}", drift.join("\n"));
        let drift = schema::differences(("sqlite live", &sqlite), ("postgres live", &postgres));
        assert!(drift.is_empty(), "{}", drift.join("\n"));
    }
}
