package com.reachtown.dispatcher.provider.waha;

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
 * Registers the WAHA provider when {@code WAHA_BASE_URL} is set. Its settings are bound
 * and checked only then, so a deployment without WAHA needs none of them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${dispatcher.waha.base-url:}'.isBlank()")
@EnableConfigurationProperties(WahaProperties.class)
public class WahaConfiguration {

	private static final Logger LOG = LoggerFactory.getLogger(WahaConfiguration.class);

	@Bean
	MessagingProvider wahaProvider(WahaProperties waha, JsonMapper jsonMapper) {
		if (!waha.hasWebhookHmacKey()) {
			LOG.warn("WAHA_WEBHOOK_HMAC_KEY is not set: WAHA webhooks are accepted without a signature");
		}
		return new WahaProvider(waha, restClient(waha), jsonMapper, Clock.systemUTC());
	}

	/**
	 * Builds the client on the JDK's {@code HttpClient}, which resends only idempotent
	 * requests: a send is not idempotent, so the dispatcher decides on retries.
	 */
	static RestClient restClient(WahaProperties waha) {
		HttpClient httpClient = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(waha.connectTimeout())
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(waha.readTimeout());
		return RestClient.builder().baseUrl(waha.baseUrlText()).requestFactory(requestFactory).build();
	}

}
