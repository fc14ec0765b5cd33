/** A first-round screen for a backend engineer, run by an AI interviewer for a hiring team. */
import type { InterviewTemplate } from '../interview-template';

export const hiringScreen: InterviewTemplate = {
  id: 'hiring_screen',
  blueprintId: 'bp_backend_engineer_screen',
  blueprintVersion: 3,
  name: 'Backend engineer, first-round screen',
  interviewType: 'screening',
  organizationName: 'Northwind Labs',
  participantIdPrefix: 'cand',
  themes: ['on-call load', 'remote collaboration', 'career growth', 'code review culture'],
  questions: [
    {
      key: 'current_role',
      text: 'To start, could you tell me about your current role and what you work on day to day?',
      objective: "Understand the candidate's current scope, stack and responsibilities.",
      required: true,
      followUps: [
        {
          question: 'What does a typical week look like for you?',
          answers: {
            positive:
              'Mostly building. I spend three or four days on feature work, one day on code review and planning, and on-call is rare, so I can really focus.',
            neutral:
              'It varies. Some weeks are feature work, some are maintenance. There is a planning meeting on Monday and a retro every other Friday.',
            negative:
              'Honestly, too many interruptions. Between on-call pages and urgent requests I maybe get one quiet day a week for actual engineering.',
          },
        },
      ],
      answers: {
        positive:
          "I'm a backend engineer on the payments team at a mid-sized retailer. I build and run our order services, and I really enjoy it. The team is great and I get a lot of ownership.",
        neutral:
          "I'm a backend engineer on a payments team. Day to day I write services in Go and TypeScript, review pull requests, and join planning. It's a fairly standard setup.",
        negative:
          "I'm a backend engineer, mostly maintaining a legacy billing system. To be honest it's frustrating. Most of my week goes to firefighting and on-call, and there's little room to build anything new.",
      },
    },
    {
      key: 'recent_project',
      text: "Tell me about a recent project you're proud of. What was your part in it?",
      objective: 'Gauge technical depth, ownership and impact on a concrete piece of work.',
      required: true,
      completionHint: 'The candidate named a decision they made and how they knew it worked.',
      followUps: [
        {
          question: 'What was the hardest technical decision in that project?',
          answers: {
            positive:
              'Choosing to move the queue to Postgres instead of adding another system. It felt risky, but it cut our moving parts in half and the team loved the simplicity.',
            neutral:
              'Probably how to split the data between the old and the new service. We went with a dual write for a few weeks, then switched over.',
            negative:
              'Whether to rewrite or patch. We patched, under deadline pressure, and I still think that was the wrong call. We pay for it every on-call shift.',
          },
        },
        {
          question: 'How did you know whether it worked?',
          answers: {
            positive:
              'We tracked checkout latency and error rates. Latency dropped by about forty percent and pages from that service basically stopped.',
            neutral:
              'We had dashboards for latency and errors, and we compared them before and after the launch over two weeks.',
            negative:
              'To be honest we did not measure it well. Nobody owned the metrics, so we mostly went by whether support complained.',
          },
        },
      ],
      answers: {
        positive:
          'Last quarter I led the rewrite of our checkout service. I designed the new data model, paired with two colleagues on the migration, and we shipped it without any downtime. I am really proud of that one.',
        neutral:
          'I worked on migrating our notification service to a new message queue. I wrote most of the consumer code and the rollout plan. It went roughly as planned.',
        negative:
          'The most recent one was a reporting pipeline that got cancelled halfway through. I did a lot of the design work, which was interesting, but the priorities changed and it never shipped, which was disappointing.',
      },
    },
    {
      key: 'team_collaboration',
      text: 'How do you like to work with your team, especially when people are remote?',
      objective: 'Learn how the candidate collaborates and communicates across locations.',
      required: false,
      followUps: [
        {
          question: 'Can you give me an example of a disagreement and how it was resolved?',
          answers: {
            positive:
              'We disagreed about an API design once. We each wrote a one-page proposal, discussed it in a call, and merged the best parts. It actually brought us closer as a team.',
            neutral:
              'We had different views on testing strategy. The tech lead made a call after a discussion, and we moved on.',
            negative:
              'There was a long argument about code review standards that never really got resolved. People just stopped commenting, which I found quite demoralizing.',
          },
        },
      ],
      answers: {
        positive:
          'I love remote collaboration when it is done well. Clear written design docs, thoughtful code reviews, and a short daily check in. My current team is spread over three time zones and it works really well.',
        neutral:
          'I am comfortable either way. I like written updates and a few regular meetings. For code review I try to respond within a day.',
        negative:
          'Remote work has been hard on my current team. Code reviews sit for days, decisions happen in private chats, and I often feel out of the loop.',
      },
    },
    {
      key: 'on_call',
      text: 'What has your experience with on-call and production incidents been like?',
      objective: 'Understand operational experience and how the candidate handles pressure.',
      required: true,
      followUps: [],
      answers: {
        positive:
          'Pretty good, actually. We have a one week rotation, clear runbooks, and blameless post mortems. I like incident work, it teaches you how the system really behaves.',
        neutral:
          'I am on a rotation every six weeks. Most shifts are quiet, and we write a short review after any real incident.',
        negative:
          'Exhausting. The on-call load is the main reason I am looking. I get paged at night several times a week, and the same alerts keep firing because nobody has time to fix the root causes.',
      },
    },
    {
      key: 'motivation_to_move',
      text: "What's making you consider a new role right now?",
      objective: "Find the candidate's real motivation and what they want to avoid.",
      required: true,
      followUps: [
        {
          question: 'What would need to be different in your next team?',
          answers: {
            positive:
              'More ownership of a product area and a clear path to a senior role. I would love a manager who invests in career growth.',
            neutral:
              'A reasonable on-call rotation, a modern stack, and a team that writes things down.',
            negative:
              'Basically everything about on-call and code review. I need a team where reviews happen within a day and incidents actually get fixed.',
          },
        },
      ],
      answers: {
        positive:
          'I am happy where I am, but I am excited about growth. Your team works on problems I want to learn about, and the career growth path looks much clearer than mine.',
        neutral:
          'I have been in my current role for about three years, and I think it is a good time to see what else is out there.',
        negative:
          'Burnout, mostly. The on-call load is heavy, promotions have been frozen for two years, and my manager left, so career growth has stalled.',
      },
    },
    {
      key: 'salary_expectations',
      text: 'What are your salary expectations for this position?',
      objective: 'Check the expectation against the budgeted range.',
      required: false,
      followUps: [],
      answers: {
        positive:
          'I am flexible. Something around one hundred and forty thousand would be great, and I care more about the team and growth than the exact number.',
        neutral:
          'I am looking for something between one hundred and thirty and one hundred and fifty thousand, depending on the full package.',
        negative:
          'Honestly, I feel underpaid right now, so I would need at least one hundred and sixty thousand to make a move worth it.',
      },
    },
    {
      key: 'availability',
      text: 'When would you be able to start if things go well?',
      objective: 'Know the notice period and earliest start date.',
      required: true,
      followUps: [],
      answers: {
        positive: 'Quite soon. My notice period is two weeks, so I could start early next month.',
        neutral: 'I have a one month notice period, so about five or six weeks from an offer.',
        negative:
          'It is complicated. My contract has a three month notice period, and we are in the middle of a big release, so not before the spring.',
      },
    },
    {
      key: 'questions_for_us',
      text: 'Is there anything you would like to ask us or add before we wrap up?',
      objective: 'Let the candidate raise questions and concerns.',
      required: false,
      followUps: [],
      answers: {
        positive:
          'Just that I am really excited about this role. I would love to hear more about how your team does code review and remote collaboration.',
        neutral: 'I would like to know what the next steps are and how long the process takes.',
        negative:
          'I am a bit worried about the on-call load. The job post did not mention it, and that is really a deal breaker for me.',
      },
    },
  ],
};
