//! Integration tests: the real application through Rocket's local client, a fresh database
//! per test, copied from a template migrated and loaded with the reference once per migration
//! set (`common::template`). SQLite by default; PostgreSQL when `TEST_DATABASE_URL` is set (each
//! test then gets its own database, `CREATE DATABASE … TEMPLATE`, dropped afterwards).

mod accounts;
mod admin_users;
mod applications;
mod assignment;
mod cli;
mod common;
mod concurrency;
mod conflicts;
mod demo;
mod editions;
mod hardening;
mod jury;
mod jury_dashboard;
mod migrations;
mod organiser_acts;
mod results;
mod security;
mod versions;
