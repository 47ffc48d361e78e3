//! Where a paginated list stands, and the links to its neighbour pages (the template
//! `templates/jury/pager.html` prints them). Lists page in SQL with [`Pager::offset`] or in
//! memory with [`Pager::range`].

/// Rows shown per page of the long organiser lists (the score log, the conflicts).
pub const PER_PAGE: usize = 50;

/// Where a paginated list stands: page `current` (1-based) of `pages`; `href` is the list's
/// address with its filters, to which `page=N` is added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    pub current: usize,
    pub pages: usize,
    pub href: String,
    pub per_page: usize,
}

impl Pager {
    /// `requested` clamped to the pages `total` rows fill (at least one page).
    pub fn new(total: usize, requested: Option<i64>, href: String) -> Pager {
        Pager::sized(total, requested, href, PER_PAGE)
    }

    /// As [`Pager::new`], `per_page` rows a page.
    pub fn sized(total: usize, requested: Option<i64>, href: String, per_page: usize) -> Pager {
        let per_page = per_page.max(1);
        let pages = total.div_ceil(per_page).max(1);
        let current = requested.and_then(|p| usize::try_from(p).ok()).unwrap_or(1).clamp(1, pages);
        Pager { current, pages, href, per_page }
    }

    /// The range of rows of the current page.
    pub fn range(&self, total: usize) -> std::ops::Range<usize> {
        let start = ((self.current - 1) * self.per_page).min(total);
        start..(start + self.per_page).min(total)
    }

    /// The offset of the current page's first row, for SQL.
    pub fn offset(&self) -> i64 {
        ((self.current - 1) * self.per_page) as i64
    }

    fn link(&self, n: usize) -> String {
        let sep = if self.href.contains('?') { '&' } else { '?' };
        format!("{}{sep}page={n}", self.href)
    }

    pub fn previous(&self) -> Option<String> {
        (self.current > 1).then(|| self.link(self.current - 1))
    }

    pub fn next(&self) -> Option<String> {
        (self.current < self.pages).then(|| self.link(self.current + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_clamps_and_links() {
        let p = Pager::new(120, Some(9), "/x?a=1".into());
        assert_eq!((p.current, p.pages), (3, 3));
        assert_eq!(p.range(120), 100..120);
        assert_eq!(p.previous().as_deref(), Some("/x?a=1&page=2"));
        assert_eq!(p.next(), None);
        let p = Pager::new(0, None, "/x".into());
        assert_eq!((p.current, p.pages, p.range(0)), (1, 1, 0..0));
        assert_eq!(Pager::new(51, Some(-3), "/x".into()).next().as_deref(), Some("/x?page=2"));
    }
}
