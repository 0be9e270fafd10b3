// Smooths over WebRTC differences between browsers before any app code touches the APIs.
import 'webrtc-adapter';
import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { appConfig } from './app/app.config';

bootstrapApplication(App, appConfig).catch((error: unknown) => console.error(error));
