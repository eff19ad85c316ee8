//go:build !unix

package briefs

import (
	"errors"
	"os/exec"
)

// mkfifo is not supported off Unix: the test skips the FIFO case.
func mkfifo(string) error { return errors.ErrUnsupported }

// runAsNobody leaves cmd as it is off Unix, where the tests do not run as root.
func runAsNobody(*exec.Cmd) {}
