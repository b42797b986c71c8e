package com.reachtown.dispatcher.config;

import java.util.ArrayList;
import java.util.List;

import com.reachtown.dispatcher.DispatcherApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Starts the whole application with one bad setting at a time and checks that start-up
 * stops with one line naming the variable. Settings are given as command-line properties,
 * which fill the {@code ${VARIABLE}} placeholders of {@code application.yml} as
 * environment variables would.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTests {

	private static final String TWILIO_ACCOUNT = "--TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef";

	@Test
	void unknownProvider(CapturedOutput output) {
		assertStartupFails(output,
				"DISPATCHER_PROVIDER=sms is not a known provider: use one of mock, twilio," + " evolution, waha",
				"--DISPATCHER_PROVIDER=sms");
	}

	@Test
	void selectedProviderWithoutCredentials(CapturedOutput output) {
		assertStartupFails(output, "DISPATCHER_PROVIDER=twilio needs TWILIO_ACCOUNT_SID: set it and the provider's"
				+ " other settings, or choose a configured provider: [mock]", "--DISPATCHER_PROVIDER=twilio");
	}

	@Test
	void twilioAccountWithoutAuthToken(CapturedOutput output) {
		assertStartupFails(output, "TWILIO_AUTH_TOKEN is required when TWILIO_ACCOUNT_SID is set", TWILIO_ACCOUNT,
				"--TWILIO_WHATSAPP_FROM=+14155238886");
	}

	@Test
	void publicUrlWithoutScheme(CapturedOutput output) {
		assertStartupFails(output,
				"DISPATCHER_PUBLIC_URL=localhost:3001 is not an absolute http or https URL:"
						+ " write it like https://host.example.com[:port][/path]",
				"--DISPATCHER_PUBLIC_URL=localhost:3001");
	}

	@Test
	void reachTownUrlWithOtherScheme(CapturedOutput output) {
		assertStartupFails(output,
				"REACH_TOWN_BASE_URL=ftp://reach-town.example.com is not an absolute http or"
						+ " https URL: write it like https://host.example.com[:port][/path]",
				"--REACH_TOWN_BASE_URL=ftp://reach-town.example.com");
	}

	@Test
	void reachTownUrlThatCannotBeParsed(CapturedOutput output) {
		assertStartupFails(output, "REACH_TOWN_BASE_URL is invalid: Invalid URI syntax",
				"--REACH_TOWN_BASE_URL=http://[reach-town");
	}

	@Test
	void twilioApiUrlWithoutScheme(CapturedOutput output) {
		assertStartupFails(output,
				"TWILIO_API_BASE_URL=api.twilio.com is not an absolute http or https URL:"
						+ " write it like https://host.example.com[:port][/path]",
				TWILIO_ACCOUNT, "--TWILIO_AUTH_TOKEN=test-token", "--TWILIO_WHATSAPP_FROM=+14155238886",
				"--TWILIO_API_BASE_URL=api.twilio.com");
	}

	@Test
	void prodProfileWithoutApiKeys(CapturedOutput output) {
		assertStartupFails(output,
				"DISPATCHER_API_KEYS must be set in the prod profile, to one or more"
						+ " comma-separated keys other than the development key dev-api-key-12345",
				"--spring.profiles.active=prod");
	}

	@Test
	void prodProfileWithDevelopmentKey(CapturedOutput output) {
		assertStartupFails(output, "DISPATCHER_API_KEYS must be set in the prod profile",
				"--spring.profiles.active=prod", "--DISPATCHER_API_KEYS=prod-key-1,dev-api-key-12345");
	}

	@Test
	void emptyApiKeys(CapturedOutput output) {
		assertStartupFails(output, "DISPATCHER_API_KEYS must not be empty", "--DISPATCHER_API_KEYS=");
	}

	@Test
	void unknownLogFormat(CapturedOutput output) {
		assertStartupFails(output, "LOG_FORMAT=xml is not a known log format: use plain or json", "--LOG_FORMAT=xml");
	}

	@Test
	void prodProfileWithOwnKeysStarts() {
		try (ConfigurableApplicationContext context = run("--spring.profiles.active=prod",
				"--DISPATCHER_API_KEYS=prod-key-1")) {
			assertThat(context.isRunning()).isTrue();
		}
	}

	/**
	 * Starts the application, expects it to fail, and checks the description of the
	 * failure report: the line after {@code Description:} starts with the expected text.
	 */
	private static void assertStartupFails(CapturedOutput output, String expectedLine, String... arguments) {
		assertThatException().isThrownBy(() -> run(arguments).close());

		List<String> lines = output.getOut().lines().toList();
		int description = lines.indexOf("Description:");
		assertThat(description).as("failure report in the output").isNotNegative();
		assertThat(lines.get(description + 2)).startsWith(expectedLine);
		assertThat(lines.get(description + 3)).as("line after the description").isEmpty();
	}

	private static ConfigurableApplicationContext run(String... arguments) {
		List<String> all = new ArrayList<>(List.of("--spring.datasource.url=jdbc:h2:mem:startup-" + System.nanoTime()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "--dispatcher.outbox.enabled=false"));
		all.addAll(List.of(arguments));
		return new SpringApplicationBuilder(DispatcherApplication.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.run(all.toArray(String[]::new));
	}

}
