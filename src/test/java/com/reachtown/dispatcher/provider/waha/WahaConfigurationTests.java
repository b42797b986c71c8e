package com.reachtown.dispatcher.provider.waha;

import com.reachtown.dispatcher.provider.MessagingProvider;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registers the WAHA provider only when a base URL is set, and fails start-up with the
 * name of a missing variable.
 */
class WahaConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(WahaConfiguration.class)
		.withBean(JsonMapper.class, () -> JsonMapper.builder().build());

	@Test
	void noProviderWithoutBaseUrl() {
		this.contextRunner.withPropertyValues("dispatcher.waha.base-url=")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MessagingProvider.class));
	}

	@Test
	void providerWithCompleteSettings() {
		this.contextRunner
			.withPropertyValues("dispatcher.waha.base-url=http://127.0.0.1:8080",
					"dispatcher.waha.api-key=test-api-key")
			.run((context) -> {
				assertThat(context).hasSingleBean(MessagingProvider.class);
				assertThat(context.getBean(MessagingProvider.class).name()).isEqualTo("waha");
				assertThat(context.getBean(WahaProperties.class).session()).isEqualTo("default");
			});
	}

	@Test
	void missingApiKeyNamesVariable() {
		this.contextRunner.withPropertyValues("dispatcher.waha.base-url=http://127.0.0.1:8080")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("WAHA_API_KEY is required when WAHA_BASE_URL is set"));
	}

	@Test
	void relativeBaseUrlNamesVariable() {
		this.contextRunner
			.withPropertyValues("dispatcher.waha.base-url=waha:3000", "dispatcher.waha.api-key=test-api-key")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("WAHA_BASE_URL is invalid"));
	}

}
