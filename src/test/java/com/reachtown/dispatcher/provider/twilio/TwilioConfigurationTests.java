package com.reachtown.dispatcher.provider.twilio;

import com.reachtown.dispatcher.provider.MessagingProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registers the Twilio provider only when an account SID is set, and fails start-up with
 * the name of a missing variable.
 */
class TwilioConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(TwilioConfiguration.class)
		.withPropertyValues("dispatcher.api-keys=test-key", "dispatcher.public-url=https://dispatcher.example.com");

	@Test
	void noProviderWithoutAccountSid() {
		this.contextRunner.withPropertyValues("dispatcher.twilio.account-sid=")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MessagingProvider.class));
	}

	@Test
	void providerWithCompleteSettings() {
		this.contextRunner
			.withPropertyValues("dispatcher.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
					"dispatcher.twilio.auth-token=test-auth-token", "dispatcher.twilio.whatsapp-from=+14155238886")
			.run((context) -> {
				assertThat(context).hasSingleBean(MessagingProvider.class);
				assertThat(context.getBean(MessagingProvider.class).name()).isEqualTo("twilio");
			});
	}

	@Test
	void missingAuthTokenNamesVariable() {
		this.contextRunner
			.withPropertyValues("dispatcher.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
					"dispatcher.twilio.whatsapp-from=+14155238886")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("TWILIO_AUTH_TOKEN is required when TWILIO_ACCOUNT_SID is set"));
	}

	@Test
	void missingSenderNamesVariables() {
		this.contextRunner
			.withPropertyValues("dispatcher.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
					"dispatcher.twilio.auth-token=test-auth-token")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage(
						"TWILIO_WHATSAPP_FROM or TWILIO_MESSAGING_SERVICE_SID is required when TWILIO_ACCOUNT_SID is set"));
	}

}
