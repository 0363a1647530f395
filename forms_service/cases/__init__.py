"""Cases: a dissatisfied answer opens a case with deadlines in working days."""
