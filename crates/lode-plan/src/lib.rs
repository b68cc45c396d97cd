//! lode-plan: targets, exploration programme, costs, optimisation and schedule.
