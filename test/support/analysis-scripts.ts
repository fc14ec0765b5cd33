/**
 * Interviews whose sentiment and themes are plain to any reader, for the analysis tests.
 */
import type { Script, ScriptQuestion } from './analysis-input';

const productQuestions: ScriptQuestion[] = [
  { key: 'experience', text: 'How has your experience with the product been so far?' },
  { key: 'onboarding', text: 'Tell me about getting started with it.' },
  { key: 'pricing', text: 'What do you think about the pricing?' },
  { key: 'support', text: 'How has the support team been?' },
];

export const enthusiasticCustomer: Script = {
  runId: 'run_happy',
  questions: productQuestions,
  turns: [
    {
      role: 'agent',
      text: 'How has your experience with the product been so far?',
      asks: 'experience',
    },
    {
      role: 'participant',
      text: 'Honestly, I love it. The dashboard is beautiful and it saves my team hours every single week. It is the best tool we have bought in years.',
    },
    { role: 'agent', text: 'Tell me about getting started with it.', asks: 'onboarding' },
    {
      role: 'participant',
      text: 'Getting started was wonderful. The setup took one afternoon and everything just worked. Our team was excited from day one.',
    },
    { role: 'agent', text: 'What do you think about the pricing?', asks: 'pricing' },
    {
      role: 'participant',
      text: 'The price is fair and the value is excellent. We are happy to pay for something this good.',
    },
    { role: 'agent', text: 'How has the support team been?', asks: 'support' },
    {
      role: 'participant',
      text: 'Support is fantastic, really quick and friendly. They solved our only question in minutes and I would happily recommend them to anyone.',
    },
    { role: 'agent', text: 'Thank you so much for your time.' },
  ],
};

export const unhappyCustomer: Script = {
  runId: 'run_unhappy',
  questions: productQuestions,
  turns: [
    {
      role: 'agent',
      text: 'How has your experience with the product been so far?',
      asks: 'experience',
    },
    {
      role: 'participant',
      text: 'Frustrating, to be honest. The pricing is too expensive for what we get, and the onboarding was a mess from the start.',
    },
    { role: 'agent', text: 'Tell me about getting started with it.', asks: 'onboarding' },
    {
      role: 'participant',
      text: 'The onboarding was painful and slow. It took us three weeks, the onboarding documents were confusing, and nobody answered our questions. I hated the onboarding calls.',
    },
    { role: 'agent', text: 'What do you think about the pricing?', asks: 'pricing' },
    {
      role: 'participant',
      text: 'The pricing is a real problem. We pay far too much, the pricing page is confusing, and every renewal the pricing gets worse. It feels unfair.',
    },
    { role: 'agent', text: 'How has the support team been?', asks: 'support' },
    {
      role: 'participant',
      text: 'Poor. Tickets sit for days without a reply, which is annoying when the pricing is this high and the onboarding left us stuck.',
    },
    { role: 'agent', text: 'Thank you for telling me.' },
  ],
};

export const mixedCustomer: Script = {
  runId: 'run_mixed',
  questions: productQuestions.slice(0, 2),
  turns: [
    {
      role: 'agent',
      text: 'How has your experience with the product been so far?',
      asks: 'experience',
    },
    {
      role: 'participant',
      text: 'I love the product itself. The reports are brilliant, fast and beautiful, and my manager is delighted with them.',
    },
    { role: 'agent', text: 'Tell me about getting started with it.', asks: 'onboarding' },
    {
      role: 'participant',
      text: 'Getting started was terrible. The installer crashed, the instructions were wrong, and we wasted a miserable week on it.',
    },
  ],
};

/**
 * Complaints about speed, price and defects in words of its own, and a participant who gives
 * their name and email and names a colleague the way speech recognition writes it (lower case).
 */
export const frustratedAdmin: Script = {
  runId: 'run_admin',
  questions: [
    { key: 'mobile', text: 'How is the mobile app working for you?' },
    { key: 'cost', text: 'What do you think about the cost?' },
    { key: 'reliability', text: 'How reliable has the export been?' },
    { key: 'setup', text: 'What did you think of the setup?' },
    { key: 'recommend', text: 'Would you recommend it to a colleague?' },
  ],
  turns: [
    { role: 'agent', text: 'Hello! Could you tell me your name?' },
    { role: 'participant', text: 'Hi, I am Grace Hopper, I run IT for our clinic.' },
    { role: 'agent', text: 'How is the mobile app working for you?', asks: 'mobile' },
    {
      role: 'participant',
      text: 'It is painfully laggy on my phone and it logged me out three times yesterday. I have mostly stopped opening the mobile app. You can reach me at grace dot hopper at example dot com if you need screenshots.',
    },
    { role: 'agent', text: 'What do you think about the cost?', asks: 'cost' },
    {
      role: 'participant',
      text: 'For a clinic our size it is overpriced. We pay twice what our old vendor charged, and the export is the only reason we stay.',
    },
    { role: 'agent', text: 'How reliable has the export been?', asks: 'reliability' },
    {
      role: 'participant',
      text: 'Not great. We hit a bug in the export almost every week. i asked maria from billing about the export. maria said it still drops rows, so maria checks every file by hand.',
    },
    { role: 'agent', text: 'What did you think of the setup?', asks: 'setup' },
    {
      role: 'participant',
      text: 'The setup was quick and painless, I will give you that. The checklist made it easy.',
    },
    { role: 'agent', text: 'Would you recommend it to a colleague?', asks: 'recommend' },
    { role: 'participant', text: 'No, not until the export and the mobile app are fixed.' },
  ],
};
