package io.pptp2wg.tests.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a {@link PptpClientVm} reported: its scenarios in order, whether it finished ({@code END} line),
 * host-side timings, and its console log (the whole story, for failure messages).
 *
 * @param bootSeconds  qemu start to the guest's /init (NaN when not seen)
 * @param totalSeconds qemu start to the END line, or to this snapshot
 */
public record ClientRun(String vm, boolean finished, boolean ok, List<ScenarioResult> scenarios, double bootSeconds,
                        double totalSeconds, Path consoleLog, List<String> resultLines) {
    public ScenarioResult scenario(String name) {
        return scenarios.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no results for scenario " + name + "\n" + describe()));
    }

    /** For assertion messages: the console log's path and every RESULT/END line. */
    public String describe() {
        return "client VM " + vm + (finished ? "" : " (did not finish)") + ", boot " + String.format("%.2f", bootSeconds)
                + " s, total " + String.format("%.2f", totalSeconds) + " s, console log " + consoleLog + "\n"
                + resultLines.stream().map(l -> "  " + l).collect(Collectors.joining("\n"));
    }
}
