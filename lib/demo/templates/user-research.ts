/** User research on a budgeting mobile app: how people use it and where it lets them down. */
import type { InterviewTemplate } from '../interview-template';

export const userResearch: InterviewTemplate = {
  id: 'user_research',
  blueprintId: 'bp_budget_app_user_research',
  blueprintVersion: 5,
  name: 'Budgeting app user research',
  interviewType: 'research',
  organizationName: 'Ledgerly',
  participantIdPrefix: 'user',
  themes: ['navigation', 'performance', 'notifications', 'trust and security'],
  questions: [
    {
      key: 'usage_context',
      text: 'When and where do you usually open the app?',
      objective: 'Understand the situations in which the app is used.',
      required: true,
      followUps: [],
      answers: {
        positive:
          "Every morning with my coffee. I check yesterday's spending and it takes less than a minute. It has become a nice little habit.",
        neutral: 'A couple of times a week, usually on the bus or after I get paid.',
        negative:
          'Less and less, to be honest. I used to open it every day, but it is so slow now that I mostly check my bank app instead.',
      },
    },
    {
      key: 'last_session',
      text: 'Walk me through the last time you used it. What were you trying to do?',
      objective: 'Reconstruct a real recent task step by step.',
      required: true,
      completionHint: 'We know the goal, the steps, and where it went well or badly.',
      followUps: [
        {
          question: 'Where did you get stuck, if anywhere?',
          answers: {
            positive: 'Nowhere really. It was three taps and I was done.',
            neutral:
              'I had to look for the button to split a transaction. It is hidden behind the three dots.',
            negative:
              'The category screen. I tapped back and lost everything I had entered, so I gave up.',
          },
        },
        {
          question: 'What did you do after that?',
          answers: {
            positive:
              'I set a new savings goal for a trip. The goal screen is my favourite part of the app.',
            neutral: 'I closed the app and checked my balance in the bank app.',
            negative:
              'I wrote it down on paper, which kind of defeats the point of having a budgeting app.',
          },
        },
      ],
      answers: {
        positive:
          'Yesterday I wanted to see how much I spent on groceries this month. I found it right away in the monthly view, and it was lower than I expected, which was a nice surprise.',
        neutral:
          'On Sunday I tried to recategorize a few transactions from a weekend trip. It worked, but it took a few tries.',
        negative:
          'Last week I tried to add a shared expense with my partner. The navigation was confusing, I could not find the split option, and then the app froze.',
      },
    },
    {
      key: 'navigation',
      text: 'How easy is it to find what you are looking for?',
      objective: 'Assess navigation and information architecture.',
      required: false,
      followUps: [
        {
          question: 'Which screen do you find hardest to use?',
          answers: {
            positive: 'None really. Maybe settings, but I rarely go there.',
            neutral: 'The settings screen, because everything is in one long list.',
            negative:
              'The budget editor. The navigation there is a maze, and the back button does not do what you expect.',
          },
        },
      ],
      answers: {
        positive: 'Very easy. The bottom tabs make sense, and I can get to my budgets in one tap.',
        neutral: 'Mostly fine. The main screens are easy, the settings are a bit buried.',
        negative:
          'Hard. Since the last redesign the navigation moved everything around, and I keep ending up on the wrong screen.',
      },
    },
    {
      key: 'performance',
      text: 'How does the app feel in terms of speed and reliability?',
      objective: 'Capture perceived performance and crashes.',
      required: false,
      followUps: [],
      answers: {
        positive: 'Fast. It opens instantly and I cannot remember it ever crashing.',
        neutral: 'Okay. It takes a few seconds to sync when I open it, but then it is fine.',
        negative:
          'Slow and unreliable. The performance has gotten worse with every update, it takes ten seconds to load, and it crashed twice this week.',
      },
    },
    {
      key: 'notifications',
      text: 'What do you think of the notifications you get from us?',
      objective: 'Learn whether notifications help or annoy.',
      required: false,
      followUps: [
        {
          question: 'Which notification would you keep if you could only keep one?',
          answers: {
            positive: 'The weekly summary, definitely. I look forward to it on Sunday evenings.',
            neutral: 'The alert when I go over a budget.',
            negative:
              'None of the current ones. I would keep a low balance alert, but that one does not exist.',
          },
        },
      ],
      answers: {
        positive:
          'They are genuinely useful. The weekly summary notification is the reason I keep coming back.',
        neutral: 'They are fine. I get a few a week and I read most of them.',
        negative:
          'Way too many notifications. Three or four a day, mostly promotions, so I turned them all off.',
      },
    },
    {
      key: 'trust_security',
      text: 'How confident do you feel that your data is safe with us?',
      objective: 'Gauge trust and security concerns.',
      required: true,
      followUps: [],
      answers: {
        positive:
          'Very confident. The face unlock and the clear privacy settings make me feel safe, and I trust you with my bank connection.',
        neutral:
          'Reasonably confident. I have not read the privacy policy, but I assume it is like any other finance app.',
        negative:
          'Not very. After the login problems last month and the emails about a security update, my trust took a hit.',
      },
    },
    {
      key: 'accessibility',
      text: 'Is there anything that makes the app hard to use for you, like text size or contrast?',
      objective: 'Find accessibility barriers.',
      required: false,
      followUps: [],
      answers: {
        positive: 'No, it works well. I use large text on my phone and the app respects it.',
        neutral: 'The charts are a bit small, but I can zoom in.',
        negative:
          'The grey text on the light background is really hard to read for me, and the app ignores my font size setting.',
      },
    },
    {
      key: 'recommend',
      text: 'Would you recommend the app to a friend? Why or why not?',
      objective: 'Get an overall verdict and its reason.',
      required: true,
      followUps: [
        {
          question: 'What would make you more likely to recommend it?',
          answers: {
            positive: 'Shared budgets for couples. Then I would recommend it to everyone I know.',
            neutral: 'Better performance and a simpler budget editor.',
            negative:
              'Fix the performance and the navigation first. Until then I cannot recommend it.',
          },
        },
      ],
      answers: {
        positive:
          'Yes, I already have. Two of my friends use it now because I kept talking about the savings goals.',
        neutral: 'Probably, to someone who wants a simple budget. It does the basics well enough.',
        negative:
          'Not right now. The performance problems and the confusing navigation make it hard to recommend.',
      },
    },
  ],
};
