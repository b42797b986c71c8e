package com.reachtown.dispatcher.provider.evolution;

import com.reachtown.dispatcher.provider.MessagingProvider;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registers the Evolution provider only when a base URL is set, and fails start-up with
 * the name of a missing variable.
 */
class EvolutionConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(EvolutionConfiguration.class)
		.withBean(JsonMapper.class, () -> JsonMapper.builder().build());

	@Test
	void noProviderWithoutBaseUrl() {
		this.contextRunner.withPropertyValues("dispatcher.evolution.base-url=")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MessagingProvider.class));
	}

	@Test
	void providerWithCompleteSettings() {
		this.contextRunner
			.withPropertyValues("dispatcher.evolution.base-url=http://127.0.0.1:8080",
					"dispatcher.evolution.api-key=test-api-key", "dispatcher.evolution.instance=reach-town",
					"dispatcher.evolution.webhook-secret=test-webhook-secret")
			.run((context) -> {
				assertThat(context).hasSingleBean(MessagingProvider.class);
				assertThat(context.getBean(MessagingProvider.class).name()).isEqualTo("evolution");
			});
	}

	@Test
	void missingApiKeyNamesVariable() {
		this.contextRunner
			.withPropertyValues("dispatcher.evolution.base-url=http://127.0.0.1:8080",
					"dispatcher.evolution.instance=reach-town")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("EVOLUTION_API_KEY is required when EVOLUTION_BASE_URL is set"));
	}

	@Test
	void missingInstanceNamesVariable() {
		this.contextRunner
			.withPropertyValues("dispatcher.evolution.base-url=http://127.0.0.1:8080",
					"dispatcher.evolution.api-key=test-api-key")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("EVOLUTION_INSTANCE is required when EVOLUTION_BASE_URL is set"));
	}

	@Test
	void relativeBaseUrlNamesVariable() {
		this.contextRunner
			.withPropertyValues("dispatcher.evolution.base-url=evolution:8080",
					"dispatcher.evolution.api-key=test-api-key", "dispatcher.evolution.instance=reach-town")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("EVOLUTION_BASE_URL is invalid"));
	}

}
