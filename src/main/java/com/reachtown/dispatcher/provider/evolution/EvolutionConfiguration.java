package com.reachtown.dispatcher.provider.evolution;

import java.net.http.HttpClient;
import java.time.Clock;

import com.reachtown.dispatcher.provider.MessagingProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Registers the Evolution API provider when {@code EVOLUTION_BASE_URL} is set. Its
 * settings are bound and checked only then, so a deployment without Evolution needs none
 * of them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${dispatcher.evolution.base-url:}'.isBlank()")
@EnableConfigurationProperties(EvolutionProperties.class)
public class EvolutionConfiguration {

	private static final Logger LOG = LoggerFactory.getLogger(EvolutionConfiguration.class);

	@Bean
	MessagingProvider evolutionProvider(EvolutionProperties evolution, JsonMapper jsonMapper) {
		if (!evolution.hasWebhookSecret()) {
			LOG.warn("EVOLUTION_WEBHOOK_SECRET is not set: every Evolution webhook will be rejected");
		}
		return new EvolutionProvider(evolution, restClient(evolution), jsonMapper, Clock.systemUTC());
	}

	/**
	 * Builds the client on the JDK's {@code HttpClient}, which resends only idempotent
	 * requests: a send is not idempotent, so the dispatcher decides on retries.
	 */
	static RestClient restClient(EvolutionProperties evolution) {
		HttpClient httpClient = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(evolution.connectTimeout())
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(evolution.readTimeout());
		return RestClient.builder().baseUrl(evolution.baseUrlText()).requestFactory(requestFactory).build();
	}

}
