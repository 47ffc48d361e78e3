//! Minimum-cost flow (primal-dual: Dijkstra on reduced costs, then a blocking flow on the
//! zero-reduced-cost edges, as many times as the sink stays reachable). Pure, no I/O.
//!
//! Costs are non-negative integers. The result is a maximum flow of minimum cost.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

#[derive(Debug, Clone)]
struct Edge {
    to: usize,
    /// Index of the reverse edge in `graph[to]`.
    rev: usize,
    cap: i64,
    cost: i64,
}

/// A flow network; nodes are `0..n`.
#[derive(Debug, Clone)]
pub struct FlowGraph {
    graph: Vec<Vec<Edge>>,
    /// (node, index in graph[node]) of each edge added, in order.
    added: Vec<(usize, usize)>,
}

/// An edge handle returned by [`FlowGraph::add_edge`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EdgeId(usize);

const INF: i64 = i64::MAX / 4;

impl FlowGraph {
    pub fn new(n: usize) -> FlowGraph {
        FlowGraph { graph: vec![Vec::new(); n], added: Vec::new() }
    }

    pub fn add_node(&mut self) -> usize {
        self.graph.push(Vec::new());
        self.graph.len() - 1
    }

    pub fn add_edge(&mut self, from: usize, to: usize, cap: i64, cost: i64) -> EdgeId {
        debug_assert!(cap >= 0 && cost >= 0, "capacities and costs are non-negative");
        let from_index = self.graph[from].len();
        let to_index = self.graph[to].len() + usize::from(from == to);
        self.graph[from].push(Edge { to, rev: to_index, cap, cost });
        self.graph[to].push(Edge { to: from, rev: from_index, cap: 0, cost: -cost });
        self.added.push((from, from_index));
        EdgeId(self.added.len() - 1)
    }

    /// The flow through an edge after [`FlowGraph::min_cost_max_flow`].
    pub fn flow(&self, id: EdgeId) -> i64 {
        let (node, index) = self.added[id.0];
        let edge = &self.graph[node][index];
        self.graph[edge.to][edge.rev].cap
    }

    /// Sends as much flow as possible from `s` to `t` at minimum cost; returns (flow, cost).
    pub fn min_cost_max_flow(&mut self, s: usize, t: usize) -> (i64, i64) {
        let n = self.graph.len();
        let mut potential = vec![0i64; n];
        let mut dist = vec![INF; n];
        let mut done = vec![false; n];
        let mut level = vec![u32::MAX; n];
        let mut next_arc = vec![0usize; n];
        let (mut flow, mut cost) = (0i64, 0i64);
        loop {
            // Shortest distances on reduced costs (all non-negative).
            dist.fill(INF);
            done.fill(false);
            dist[s] = 0;
            let mut heap = BinaryHeap::new();
            heap.push(Reverse((0i64, s)));
            while let Some(Reverse((d, v))) = heap.pop() {
                if done[v] {
                    continue;
                }
                done[v] = true;
                if v == t {
                    break;
                }
                for e in &self.graph[v] {
                    if e.cap == 0 {
                        continue;
                    }
                    let reduced = e.cost + potential[v] - potential[e.to];
                    let nd = d + reduced;
                    if nd < dist[e.to] {
                        dist[e.to] = nd;
                        heap.push(Reverse((nd, e.to)));
                    }
                }
            }
            if !done[t] {
                break;
            }
            // Every node not settled is at least as far as t: treat it as exactly as far,
            // which keeps every reduced cost non-negative.
            let dt = dist[t];
            for v in 0..n {
                potential[v] += if done[v] { dist[v] } else { dt };
            }
            // Blocking flow on the residual edges of zero reduced cost (Dinic).
            loop {
                level.fill(u32::MAX);
                level[s] = 0;
                let mut queue = VecDeque::from([s]);
                while let Some(v) = queue.pop_front() {
                    for e in &self.graph[v] {
                        if e.cap > 0
                            && level[e.to] == u32::MAX
                            && e.cost + potential[v] - potential[e.to] == 0
                        {
                            level[e.to] = level[v] + 1;
                            queue.push_back(e.to);
                        }
                    }
                }
                if level[t] == u32::MAX {
                    break;
                }
                next_arc.fill(0);
                loop {
                    let pushed = self.augment(s, t, INF, &level, &potential, &mut next_arc);
                    if pushed == 0 {
                        break;
                    }
                    flow += pushed;
                    cost += pushed * (potential[t] - potential[s]);
                }
            }
        }
        (flow, cost)
    }

    /// One augmenting path of the level graph, iteratively (no recursion on big graphs).
    fn augment(
        &mut self,
        s: usize,
        t: usize,
        limit: i64,
        level: &[u32],
        potential: &[i64],
        next_arc: &mut [usize],
    ) -> i64 {
        // path holds (node, arc index) pairs from s.
        let mut path: Vec<(usize, usize)> = Vec::new();
        let mut v = s;
        loop {
            if v == t {
                let mut pushed = limit;
                for &(u, i) in &path {
                    pushed = pushed.min(self.graph[u][i].cap);
                }
                for &(u, i) in &path {
                    let (to, rev) = (self.graph[u][i].to, self.graph[u][i].rev);
                    self.graph[u][i].cap -= pushed;
                    self.graph[to][rev].cap += pushed;
                }
                return pushed;
            }
            let mut advanced = false;
            while next_arc[v] < self.graph[v].len() {
                let e = &self.graph[v][next_arc[v]];
                if e.cap > 0 && level[e.to] == level[v] + 1 && e.cost + potential[v] - potential[e.to] == 0 {
                    path.push((v, next_arc[v]));
                    v = e.to;
                    advanced = true;
                    break;
                }
                next_arc[v] += 1;
            }
            if !advanced {
                // Dead end: retreat and skip the arc that led here.
                match path.pop() {
                    Some((u, _)) => {
                        next_arc[u] += 1;
                        v = u;
                    }
                    None => return 0,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Exhaustive min-cost max-flow on tiny unit-capacity bipartite graphs, for comparison.
    fn brute_force(left: usize, right: usize, edges: &[(usize, usize, i64)]) -> (i64, i64) {
        let mut best = (0i64, 0i64);
        for mask in 0u32..(1 << edges.len()) {
            let chosen: Vec<_> = (0..edges.len()).filter(|i| mask & (1 << i) != 0).collect();
            let mut used_l = vec![false; left];
            let mut used_r = vec![false; right];
            let mut ok = true;
            let mut cost = 0;
            for &i in &chosen {
                let (l, r, c) = edges[i];
                if used_l[l] || used_r[r] {
                    ok = false;
                    break;
                }
                used_l[l] = true;
                used_r[r] = true;
                cost += c;
            }
            let flow = chosen.len() as i64;
            if ok && (flow > best.0 || (flow == best.0 && cost < best.1)) {
                best = (flow, cost);
            }
        }
        best
    }

    proptest! {
        #[test]
        fn matches_brute_force_on_small_assignment_problems(
            left in 1usize..5,
            right in 1usize..5,
            raw in proptest::collection::vec((0usize..5, 0usize..5, 0i64..20), 0..10),
        ) {
            let mut edges: Vec<(usize, usize, i64)> =
                raw.into_iter().filter(|(l, r, _)| *l < left && *r < right).collect();
            edges.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
            let mut g = FlowGraph::new(left + right + 2);
            let (s, t) = (left + right, left + right + 1);
            for l in 0..left {
                g.add_edge(s, l, 1, 0);
            }
            for r in 0..right {
                g.add_edge(left + r, t, 1, 0);
            }
            for &(l, r, c) in &edges {
                g.add_edge(l, left + r, 1, c);
            }
            prop_assert_eq!(g.min_cost_max_flow(s, t), brute_force(left, right, &edges));
        }
    }

    #[test]
    fn prefers_the_cheaper_path_and_reports_edge_flows() {
        let mut g = FlowGraph::new(4);
        let a = g.add_edge(0, 1, 2, 1);
        let b = g.add_edge(0, 2, 2, 5);
        g.add_edge(1, 3, 1, 0);
        g.add_edge(2, 3, 2, 0);
        assert_eq!(g.min_cost_max_flow(0, 3), (3, 1 + 5 + 5));
        assert_eq!((g.flow(a), g.flow(b)), (1, 2));
    }
}
