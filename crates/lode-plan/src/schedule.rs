//! Schedule of the funded phases in months.
//!
//! A phase lasts its field days (quantities ÷ crew or rig rates) divided by the working days per
//! month, rounded up to a granularity. Phases of one target follow each other with a review gap
//! (assays, interpretation and the go/no-go decision). Each phase needs a crew or rig of its kind,
//! and only so many of each work at once. Jobs are placed by greedy list scheduling: repeatedly
//! the ready phase that can start earliest is started on the crew or rig free earliest; ties go
//! to the higher-ranked target. Field work may be limited to a season of the year.

use lode_core::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::programme::Resource;

/// What to do when the schedule exceeds the maximum duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Overrun {
    /// Fail with an error naming the needed and allowed durations.
    Error,
    /// Drop the phases that would end after the limit (and the later phases of their targets);
    /// they are listed in [`Schedule::dropped`].
    Truncate,
}

/// Schedule parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScheduleParams {
    /// Field days per month.
    pub working_days_per_month: f64,
    /// Months between the end of a phase and the start of the next on the same target.
    pub review_gap_months: f64,
    /// Durations are rounded up to a multiple of this, months.
    pub granularity_months: f64,
    /// Mapping and sampling crews working at once.
    pub field_crews: usize,
    /// Ground geophysics crews working at once.
    pub geophysics_crews: usize,
    /// Drill rigs working at once.
    pub rigs: usize,
    /// Calendar month (1–12) in which the programme starts.
    pub start_month_of_year: u8,
    /// Field season: first and last calendar months (inclusive, may wrap the year); None = all year.
    pub field_season: Option<(u8, u8)>,
    /// Longest allowed programme, months.
    pub max_duration_months: Option<f64>,
    /// Behaviour when the programme is longer.
    pub on_overrun: Overrun,
}

impl Default for ScheduleParams {
    fn default() -> Self {
        ScheduleParams {
            working_days_per_month: 20.0,
            review_gap_months: 1.0,
            granularity_months: 0.25,
            field_crews: 2,
            geophysics_crews: 1,
            rigs: 1,
            start_month_of_year: 1,
            field_season: None,
            max_duration_months: None,
            on_overrun: Overrun::Error,
        }
    }
}

impl ScheduleParams {
    /// Check ranges.
    pub fn validate(&self) -> Result<()> {
        let m = |x: u8| (1..=12).contains(&x);
        let ok = self.working_days_per_month > 0.0
            && self.working_days_per_month <= 31.0
            && self.review_gap_months >= 0.0
            && self.review_gap_months.is_finite()
            && self.granularity_months > 0.0
            && self.granularity_months.is_finite()
            && self.field_crews >= 1
            && self.geophysics_crews >= 1
            && self.rigs >= 1
            && m(self.start_month_of_year)
            && self.field_season.is_none_or(|(a, b)| m(a) && m(b))
            && self
                .max_duration_months
                .is_none_or(|d| d.is_finite() && d > 0.0);
        if !ok {
            return Err(Error::invalid(
                "invalid schedule parameters: working days 1–31 per month, positive granularity, \
                 at least one crew and rig of each kind, calendar months 1–12",
            ));
        }
        Ok(())
    }

    fn units(&self, r: Resource) -> usize {
        match r {
            Resource::FieldCrew => self.field_crews,
            Resource::GeophysicsCrew => self.geophysics_crews,
            Resource::Rig => self.rigs,
        }
    }

    fn in_season(&self, t: f64) -> bool {
        let Some((a, b)) = self.field_season else {
            return true;
        };
        let month =
            ((self.start_month_of_year as i64 - 1 + t.floor() as i64).rem_euclid(12) + 1) as u8;
        if a <= b {
            (a..=b).contains(&month)
        } else {
            month >= a || month <= b
        }
    }

    /// The first instant ≥ t inside the field season.
    fn next_workable(&self, t: f64) -> f64 {
        let mut t = t;
        for _ in 0..13 {
            if self.in_season(t) {
                return t;
            }
            t = t.floor() + 1.0;
        }
        t
    }

    /// End of `work` months of field work started at `start` (skipping months out of season).
    fn advance(&self, start: f64, work: f64) -> f64 {
        let mut t = self.next_workable(start);
        let mut left = work;
        while left > 1e-12 {
            t = self.next_workable(t);
            let month_end = t.floor() + 1.0;
            let step = (month_end - t).min(left);
            t += step;
            left -= step;
        }
        t
    }
}

/// A phase to schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleJob {
    /// Target identifier.
    pub target_id: String,
    /// Phase number.
    pub phase: u8,
    /// Phase name.
    pub name: String,
    /// Who does it.
    pub resource: Resource,
    /// Field days.
    pub field_days: f64,
}

/// One row of the Gantt chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GanttRow {
    /// Target identifier.
    pub target_id: String,
    /// Phase number.
    pub phase: u8,
    /// Phase name.
    pub name: String,
    /// Crew or rig kind.
    pub resource: Resource,
    /// Which crew or rig of its kind (0-based).
    pub unit: usize,
    /// Start, months from the programme start.
    pub start_month: f64,
    /// End, months from the programme start.
    pub end_month: f64,
    /// Field days.
    pub field_days: f64,
}

/// The programme schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// Gantt rows in start order.
    pub rows: Vec<GanttRow>,
    /// End of the last phase, months.
    pub total_months: f64,
    /// (target, phase) dropped by truncation at the maximum duration.
    pub dropped: Vec<(String, u8)>,
}

fn round_up(x: f64, g: f64) -> f64 {
    ((x / g) - 1e-9).ceil().max(0.0) * g
}

/// Schedule jobs given in priority order (targets by rank, phases in order within a target).
pub fn schedule(jobs: &[ScheduleJob], p: &ScheduleParams) -> Result<Schedule> {
    p.validate()?;
    // Jobs grouped by target in order of first appearance.
    let mut targets: Vec<(String, Vec<&ScheduleJob>)> = Vec::new();
    for j in jobs {
        if !(j.field_days.is_finite() && j.field_days >= 0.0) {
            return Err(Error::invalid(format!(
                "phase {} of {} has {} field days",
                j.phase, j.target_id, j.field_days
            )));
        }
        match targets.iter_mut().find(|(t, _)| *t == j.target_id) {
            Some((_, v)) => v.push(j),
            None => targets.push((j.target_id.clone(), vec![j])),
        }
    }
    for (_, v) in targets.iter_mut() {
        v.sort_by_key(|j| j.phase);
    }
    let mut free: std::collections::BTreeMap<Resource, Vec<f64>> = Default::default();
    for r in [Resource::FieldCrew, Resource::GeophysicsCrew, Resource::Rig] {
        free.insert(r, vec![0.0; p.units(r)]);
    }
    let mut next = vec![0usize; targets.len()];
    let mut ready = vec![0.0f64; targets.len()];
    let mut stopped = vec![false; targets.len()];
    let mut rows = Vec::new();
    let mut dropped = Vec::new();
    loop {
        // (start, target index, unit)
        let mut best: Option<(f64, usize, usize)> = None;
        for (ti, (_, v)) in targets.iter().enumerate() {
            if stopped[ti] || next[ti] >= v.len() {
                continue;
            }
            let job = v[next[ti]];
            let units = &free[&job.resource];
            let (mut bs, mut bu) = (f64::INFINITY, 0);
            for (u, &f) in units.iter().enumerate() {
                let s = p.next_workable(ready[ti].max(f));
                if s < bs {
                    bs = s;
                    bu = u;
                }
            }
            if best.is_none_or(|(s, _, _)| bs < s) {
                best = Some((bs, ti, bu));
            }
        }
        let Some((start, ti, unit)) = best else {
            break;
        };
        let job = targets[ti].1[next[ti]];
        let work = round_up(
            job.field_days / p.working_days_per_month,
            p.granularity_months,
        );
        let end = p.advance(start, work);
        if let Some(max) = p.max_duration_months {
            if end > max + 1e-9 {
                match p.on_overrun {
                    Overrun::Error => {
                        return Err(Error::invalid(format!(
                        "the programme needs at least {end:.2} months (phase {} of {} ends then), \
                             more than the maximum of {max} months; add crews or rigs, lower the \
                             budget, or allow truncation",
                        job.phase, job.target_id
                    )))
                    }
                    Overrun::Truncate => {
                        for j in &targets[ti].1[next[ti]..] {
                            dropped.push((j.target_id.clone(), j.phase));
                        }
                        stopped[ti] = true;
                        continue;
                    }
                }
            }
        }
        free.get_mut(&job.resource).expect("all kinds present")[unit] = end;
        ready[ti] = end + p.review_gap_months;
        next[ti] += 1;
        rows.push(GanttRow {
            target_id: job.target_id.clone(),
            phase: job.phase,
            name: job.name.clone(),
            resource: job.resource,
            unit,
            start_month: start,
            end_month: end,
            field_days: job.field_days,
        });
    }
    let total_months = rows.iter().map(|r| r.end_month).fold(0.0, f64::max);
    Ok(Schedule {
        rows,
        total_months,
        dropped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(t: &str, phase: u8, r: Resource, days: f64) -> ScheduleJob {
        ScheduleJob {
            target_id: t.into(),
            phase,
            name: format!("phase {phase}"),
            resource: r,
            field_days: days,
        }
    }

    #[test]
    fn phases_are_sequential_with_gaps_and_resources_are_limited() {
        let jobs = vec![
            job("A", 1, Resource::FieldCrew, 20.0),
            job("A", 2, Resource::GeophysicsCrew, 10.0),
            job("B", 1, Resource::FieldCrew, 40.0),
            job("B", 2, Resource::GeophysicsCrew, 10.0),
            job("C", 1, Resource::FieldCrew, 20.0),
        ];
        let p = ScheduleParams {
            field_crews: 2,
            ..Default::default()
        };
        let s = schedule(&jobs, &p).unwrap();
        let row = |t: &str, ph: u8| {
            s.rows
                .iter()
                .find(|r| r.target_id == t && r.phase == ph)
                .unwrap()
        };
        assert_eq!((row("A", 1).start_month, row("A", 1).end_month), (0.0, 1.0));
        assert_eq!((row("B", 1).start_month, row("B", 1).end_month), (0.0, 2.0));
        // C waits for the first free crew (A's, at month 1).
        assert_eq!((row("C", 1).start_month, row("C", 1).unit), (1.0, 0));
        // A2 after A1 + 1 month review; B2 after B1 + review, same geophysics crew after A2.
        assert_eq!(row("A", 2).start_month, 2.0);
        assert_eq!(row("A", 2).end_month, 2.5);
        assert_eq!(row("B", 2).start_month, 3.0);
        assert_eq!(s.total_months, 3.5);
    }

    #[test]
    fn field_season_and_max_duration() {
        let jobs = vec![job("A", 1, Resource::FieldCrew, 40.0)];
        // Start in November, season May–September: work starts in May (month 6 from start).
        let p = ScheduleParams {
            start_month_of_year: 11,
            field_season: Some((5, 9)),
            ..Default::default()
        };
        let s = schedule(&jobs, &p).unwrap();
        assert_eq!((s.rows[0].start_month, s.rows[0].end_month), (6.0, 8.0));
        // A season of one month splits the work over two years.
        let p1 = ScheduleParams {
            field_season: Some((1, 1)),
            ..Default::default()
        };
        let s1 = schedule(&jobs, &p1).unwrap();
        assert_eq!(s1.rows[0].end_month, 13.0);
        let tight = ScheduleParams {
            max_duration_months: Some(1.5),
            ..Default::default()
        };
        assert!(schedule(&jobs, &tight).is_err());
        let trunc = ScheduleParams {
            max_duration_months: Some(1.5),
            on_overrun: Overrun::Truncate,
            ..Default::default()
        };
        let s2 = schedule(&jobs, &trunc).unwrap();
        assert!(s2.rows.is_empty());
        assert_eq!(s2.dropped, vec![("A".to_string(), 1)]);
    }
}
