package com.bowwow.push.users;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UserServiceProperties.class)
class UsersConfiguration {

	@Bean
	UserServiceClient userServiceClient(RestClient.Builder builder, UserServiceProperties properties) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
		requests.setReadTimeout(properties.timeout());
		return new UserServiceClient(
				builder.clone().baseUrl(properties.url().toString()).requestFactory(requests).build());
	}

}
