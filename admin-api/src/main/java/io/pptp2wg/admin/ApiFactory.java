package io.pptp2wg.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pptp2wg.admin.auth.AdminAccount;
import io.pptp2wg.admin.auth.ApiToken;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.List;

/**
 * The {@code api:} section of config.yml: who may call {@code /api}. Each token is stored as the
 * SHA-256 of the token text, in hex ({@code printf %s "$TOKEN" | sha256sum}), never the token itself.
 */
public class ApiFactory {
    public static class TokenFactory {
        /** Who holds the token: written in the audit log for every admin action. */
        @NotEmpty
        @Pattern(regexp = "[A-Za-z0-9._@-]{1,64}", message = "1-64 letters, digits or ._@-")
        @JsonProperty
        private String name;

        @NotNull
        @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be the SHA-256 of the token, 64 hex digits")
        @JsonProperty
        private String sha256;

        public TokenFactory() {}

        public TokenFactory(String name, String sha256) {
            this.name = name;
            this.sha256 = sha256;
        }

        ApiToken build() {
            return ApiToken.ofSha256Hex(name, sha256);
        }
    }

    /** An administrator of the migration console: a name and the bcrypt hash of the password. */
    public static class AdminFactory {
        @NotEmpty
        @Pattern(regexp = "[A-Za-z0-9._@-]{1,64}", message = "1-64 letters, digits or ._@-")
        @JsonProperty
        private String name;

        @NotNull
        @Pattern(regexp = "\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}",
                message = "must be a bcrypt hash ($2y$12$ and 53 characters: htpasswd -nbBC 12 NAME PASSWORD)")
        @JsonProperty
        private String bcrypt;

        public AdminFactory() {}

        AdminAccount build() {
            return new AdminAccount(name, bcrypt);
        }
    }

    @Valid
    @NotNull
    @JsonProperty
    private List<TokenFactory> tokens = List.of();

    @Valid
    @NotNull
    @JsonProperty
    private List<AdminFactory> admins = List.of();

    public List<AdminAccount> admins() {
        return admins.stream().map(AdminFactory::build).toList();
    }

    public List<ApiToken> tokens() {
        return tokens.stream().map(TokenFactory::build).toList();
    }
}
