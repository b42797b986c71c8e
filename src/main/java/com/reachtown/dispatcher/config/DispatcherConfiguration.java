package com.reachtown.dispatcher.config;

import java.time.Clock;
import java.util.List;

import com.reachtown.dispatcher.provider.MessagingProvider;
import com.reachtown.dispatcher.provider.ProviderRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The dispatcher's settings and the beans every feature shares.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ DispatcherProperties.class, ReachTownProperties.class, OutboxProperties.class,
		MockProperties.class })
class DispatcherConfiguration {

	private static final Logger LOG = LoggerFactory.getLogger(DispatcherConfiguration.class);

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ProviderRegistry providerRegistry(List<MessagingProvider> providers, DispatcherProperties properties,
			Environment environment) {
		StartupChecks.requireProductionApiKeys(properties.apiKeys(), environment);
		StartupChecks.requireRegisteredProvider(properties.provider(),
				providers.stream().map(MessagingProvider::name).toList());
		ProviderRegistry registry = new ProviderRegistry(providers, properties.provider());
		LOG.info("Providers configured: {}; default: {}", registry.all().stream().map(MessagingProvider::name).toList(),
				registry.defaultProvider().name());
		return registry;
	}

}
