package io.pptp2wg.admin.tasks;

import io.dropwizard.servlets.tasks.Task;
import io.pptp2wg.admin.core.SecretsReloader;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** {@code POST /tasks/reload-secrets} on the admin port: read chap-secrets and pap-secrets again now. */
public final class ReloadSecretsTask extends Task {
    private final SecretsReloader reloader;

    public ReloadSecretsTask(SecretsReloader reloader) {
        super("reload-secrets");
        this.reloader = reloader;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        output.println(reloader.reload());
    }
}
