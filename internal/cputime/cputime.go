// Package cputime measures the CPU time the process has used, for
// benchmarks that report it beside wall time: on a machine whose cores are
// shared, wall time swings with the load of others, CPU time much less. On
// idle cores, the wall time of a parallel run is about CPU time / cores.
package cputime
